package dev.marina.engine.postgresql;

import dev.marina.control.engine.RoleReport;
import dev.marina.control.member.MemberContext;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Asks a member what it is over a connection that is kept open between probes: a SCRAM handshake per probe would
 * cost more than the probe.
 */
final class PostgresProbe implements AutoCloseable {

    private static final String PRIMARY_QUERY = "SELECT pg_is_in_recovery(),"
            + " pg_current_wal_lsn() - '0/0'::pg_lsn,"
            + " ('x' || substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8))::bit(32)::bigint";
    private static final String REPLICA_QUERY = "SELECT pg_is_in_recovery(),"
            + " coalesce(pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn()) - '0/0'::pg_lsn,"
            + " pg_last_wal_replay_lsn() - '0/0'::pg_lsn,"
            + " (SELECT status FROM pg_stat_wal_receiver),"
            + " coalesce((SELECT received_tli FROM pg_stat_wal_receiver),"
            + " (SELECT timeline_id FROM pg_control_checkpoint())),"
            // How old the last applied change is, only while more has arrived than was applied: an idle primary sends
            // nothing, and a replica that applied everything is not behind however old its last change is. Null
            // (unknown) when nothing was applied since the start, or nothing is received at all.
            + " CASE WHEN pg_last_wal_receive_lsn() IS NULL THEN NULL"
            + " WHEN pg_last_wal_receive_lsn() <= pg_last_wal_replay_lsn() THEN 0"
            + " ELSE greatest(0, (extract(epoch FROM clock_timestamp() - pg_last_xact_replay_timestamp()) * 1000)"
            + "::bigint) END";

    private final Map<String, Connection> connections = new ConcurrentHashMap<>();

    Optional<RoleReport> probe(MemberContext member) {
        try {
            Connection connection = connection(member);
            try (Statement statement = connection.createStatement()) {
                statement.setQueryTimeout(2);
                boolean inRecovery;
                try (ResultSet result = statement.executeQuery("SELECT pg_is_in_recovery()")) {
                    result.next();
                    inRecovery = result.getBoolean(1);
                }
                if (!inRecovery) {
                    try (ResultSet result = statement.executeQuery(PRIMARY_QUERY)) {
                        result.next();
                        if (!result.getBoolean(1)) {
                            long position = result.getLong(2);
                            return Optional.of(
                                    new RoleReport("primary", true, result.getLong(3), position, position, false));
                        }
                    }
                }
                try (ResultSet result = statement.executeQuery(REPLICA_QUERY)) {
                    result.next();
                    return Optional.of(new RoleReport(
                            "replica",
                            false,
                            result.getLong(5),
                            result.getLong(2),
                            result.getLong(3),
                            "streaming".equals(result.getString(4)),
                            delay(result.getLong(6), result.wasNull())));
                }
            }
        } catch (SQLException e) {
            forget(member.name());
            return Optional.empty();
        }
    }

    private static long delay(long millis, boolean unknown) {
        return unknown ? RoleReport.DELAY_UNKNOWN : millis;
    }

    private Connection connection(MemberContext member) throws SQLException {
        Connection existing = connections.get(member.name());
        if (existing != null && !existing.isClosed()) {
            return existing;
        }
        Connection created = Sessions.open(member, ConfigRenderer.SUPERUSER, PostgresEngine.SUPERUSER, "postgres");
        connections.put(member.name(), created);
        return created;
    }

    void forget(String member) {
        Connection connection = connections.remove(member);
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // Closing a broken connection can fail; it is gone either way.
            }
        }
    }

    @Override
    public void close() {
        connections.keySet().forEach(this::forget);
    }
}
