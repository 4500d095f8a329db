package dev.marina.testkit.chaos;

import static java.util.Objects.requireNonNull;

import dev.marina.testkit.chaos.PostgresMemberState.Primary;
import dev.marina.testkit.chaos.PostgresMemberState.Replica;
import dev.marina.testkit.chaos.PostgresMemberState.Unreachable;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Looks at every member of a PostgreSQL cluster directly: full redundancy is exactly one member out of recovery and
 * every other one streaming the primary's timeline and replaying it (see {@link PostgresRedundancyRules}). Keeps one
 * connection per member between looks, so that polling does not fork a backend on each member every 50 ms.
 * Thread-safe.
 */
public final class PostgresRedundancy implements RedundancyProbe, AutoCloseable {

    /**
     * One round trip per member. The CASEs keep the primary-only functions away from replicas, where they fail; the
     * LSN differences turn positions into byte counts.
     */
    private static final String MEMBER_STATE = "SELECT pg_is_in_recovery(),"
            + " CASE WHEN pg_is_in_recovery() THEN NULL ELSE " + JdbcWriter.CURRENT_TIMELINE + " END,"
            + " CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn() - '0/0'::pg_lsn"
            + " ELSE pg_current_wal_flush_lsn() - '0/0'::pg_lsn END,"
            + " receiver.status, receiver.received_tli"
            + " FROM (SELECT 1) AS one LEFT JOIN pg_stat_wal_receiver AS receiver ON true";

    private final List<String> endpoints;
    private final String user;
    private final String password;
    private final String database;
    private final Map<String, Connection> connections = new HashMap<>();
    private final Map<String, Long> previousReplayLsns = new HashMap<>();

    /** Connects to database {@code postgres}. */
    public PostgresRedundancy(List<String> endpoints, String user, String password) {
        this(endpoints, user, password, "postgres");
    }

    /**
     * @param endpoints every member, as {@code host:port}
     * @param user a superuser, or a member of {@code pg_read_all_stats}: others see {@code pg_stat_wal_receiver} empty
     */
    public PostgresRedundancy(List<String> endpoints, String user, String password, String database) {
        this.endpoints = List.copyOf(requireNonNull(endpoints, "endpoints is null"));
        if (this.endpoints.isEmpty()) {
            throw new IllegalArgumentException("endpoints must name at least one member");
        }
        this.user = requireNonNull(user, "user is null");
        this.password = requireNonNull(password, "password is null");
        this.database = requireNonNull(database, "database is null");
    }

    @Override
    public synchronized RedundancyCheck check() {
        List<PostgresMemberState> states = new ArrayList<>();
        for (String endpoint : endpoints) {
            states.add(observe(endpoint));
        }
        List<String> missing = PostgresRedundancyRules.missing(states, previousReplayLsns);
        previousReplayLsns.clear();
        for (PostgresMemberState state : states) {
            if (state instanceof Replica replica) {
                previousReplayLsns.put(replica.endpoint(), replica.replayLsn());
            }
        }
        return new RedundancyCheck(missing);
    }

    @Override
    public synchronized void close() {
        for (String endpoint : List.copyOf(connections.keySet())) {
            disconnect(endpoint);
        }
    }

    private PostgresMemberState observe(String endpoint) {
        try {
            Connection connection = connections.get(endpoint);
            if (connection == null) {
                connection = PostgresConnections.open("jdbc:postgresql://" + endpoint + "/" + database, user, password);
                connections.put(endpoint, connection);
            }
            try (Statement statement = connection.createStatement();
                    ResultSet row = statement.executeQuery(MEMBER_STATE)) {
                row.next();
                if (!row.getBoolean(1)) {
                    return new Primary(endpoint, row.getLong(2), bytes(row.getBigDecimal(3)));
                }
                // received_tli is null without a WAL receiver; getLong reads it as 0, which no timeline is.
                return new Replica(endpoint, row.getString(4), row.getLong(5), bytes(row.getBigDecimal(3)));
            }
        } catch (SQLException e) {
            // A broken connection stays broken; the next look opens a new one.
            disconnect(endpoint);
            return new Unreachable(endpoint, ErrorText.of(e));
        }
    }

    private void disconnect(String endpoint) {
        Connection connection = connections.remove(endpoint);
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (SQLException ignored) {
            // Only the socket is released.
        }
    }

    private static long bytes(BigDecimal lsn) {
        return lsn == null ? -1 : lsn.longValueExact();
    }
}
