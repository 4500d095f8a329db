package dev.marina.engine.postgresql;

import dev.marina.control.member.MemberContext;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** What the test asks members directly, as the superuser: roles, rows, timelines, WAL receivers, slots. */
final class MemberSql {

    /** A replica's WAL receiver as {@code pg_stat_wal_receiver} shows it. */
    record WalReceiver(String status, long receivedTimeline, int senderPort) {

        /** Streaming from {@code primary} on {@code timeline}: what a healthy replica shows (ENGINE-NOTES, trap 4). */
        boolean streamsFrom(MemberContext primary, long timeline) {
            return "streaming".equals(status)
                    && receivedTimeline == timeline
                    && senderPort == primary.endpoint().port(PostgresEngine.PORT);
        }
    }

    private MemberSql() {}

    /** Whether the member answers and takes writes; a member that does not answer takes none. */
    static boolean writable(MemberContext member) {
        try (Connection connection = connect(member);
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT NOT pg_is_in_recovery()")) {
            result.next();
            return result.getBoolean(1);
        } catch (SQLException e) {
            return false;
        }
    }

    static void createRowsTable(MemberContext primary) {
        execute(primary, "CREATE TABLE rows (id bigserial PRIMARY KEY, timeline bigint NOT NULL, note text)");
    }

    static void checkpoint(MemberContext primary) {
        execute(primary, "CHECKPOINT");
    }

    /** Ends the current WAL segment, so that what follows lands in the next one. */
    static void switchWal(MemberContext primary) {
        queryText(primary, "SELECT pg_switch_wal()::text");
    }

    /** Writes a row tagged with the primary's timeline; returns its id once the commit is acknowledged. */
    static long insert(MemberContext primary, String note) {
        return insert(primary, note, "on");
    }

    /** As {@link #insert(MemberContext, String)}, without waiting for any standby to confirm the commit. */
    static long insertLocally(MemberContext primary, String note) {
        try (Connection connection = connect(primary)) {
            return insertLocally(connection, note);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot write to " + primary.name() + ": " + e.getMessage(), e);
        }
    }

    /** As {@link #insertLocally(MemberContext, String)}, on a session opened before, as a client's pool would. */
    static long insertLocally(Connection connection, String note) throws SQLException {
        return insert(connection, note, "local");
    }

    /** A session as the superuser: opened on a replica, it is ready the moment the replica turns primary. */
    static Connection open(MemberContext member) {
        try {
            return connect(member);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot connect to " + member.name() + ": " + e.getMessage(), e);
        }
    }

    private static long insert(MemberContext primary, String note, String synchronousCommit) {
        try (Connection connection = connect(primary)) {
            return insert(connection, note, synchronousCommit);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot write to " + primary.name() + ": " + e.getMessage(), e);
        }
    }

    private static long insert(Connection connection, String note, String synchronousCommit) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET synchronous_commit = " + synchronousCommit);
        }
        try (PreparedStatement statement = connection.prepareStatement(
                "INSERT INTO rows (timeline, note) VALUES (" + TIMELINE + ", ?) RETURNING id")) {
            statement.setString(1, note);
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }

    static Set<Long> rowIds(MemberContext member) {
        Set<Long> ids = new HashSet<>();
        try (Connection connection = connect(member);
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT id FROM rows")) {
            while (result.next()) {
                ids.add(result.getLong(1));
            }
            return ids;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read rows of " + member.name() + ": " + e.getMessage(), e);
        }
    }

    /** The timeline a primary writes on. */
    static long timeline(MemberContext primary) {
        return queryLong(primary, "SELECT " + TIMELINE);
    }

    /** The primary's current WAL position, as text. */
    static String currentPosition(MemberContext primary) {
        return queryText(primary, "SELECT pg_current_wal_lsn()::text");
    }

    /** Whether a replica has replayed everything up to {@code position}; false when it does not answer. */
    static boolean replayed(MemberContext replica, String position) {
        try (Connection connection = connect(replica);
                PreparedStatement statement =
                        connection.prepareStatement("SELECT pg_last_wal_replay_lsn() >= ?::pg_lsn")) {
            statement.setString(1, position);
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getBoolean(1);
            }
        } catch (SQLException e) {
            return false;
        }
    }

    /** The replica's WAL receiver; empty when it has none or does not answer. */
    static Optional<WalReceiver> walReceiver(MemberContext replica) {
        try (Connection connection = connect(replica);
                Statement statement = connection.createStatement();
                ResultSet result =
                        statement.executeQuery("SELECT status, received_tli, sender_port FROM pg_stat_wal_receiver")) {
            if (!result.next()) {
                return Optional.empty();
            }
            return Optional.of(new WalReceiver(result.getString(1), result.getLong(2), result.getInt(3)));
        } catch (SQLException e) {
            return Optional.empty();
        }
    }

    static List<String> replicationSlots(MemberContext member) {
        List<String> slots = new ArrayList<>();
        try (Connection connection = connect(member);
                Statement statement = connection.createStatement();
                ResultSet result =
                        statement.executeQuery("SELECT slot_name FROM pg_replication_slots ORDER BY slot_name")) {
            while (result.next()) {
                slots.add(result.getString(1));
            }
            return slots;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read slots of " + member.name() + ": " + e.getMessage(), e);
        }
    }

    private static final String TIMELINE =
            "('x' || substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8))::bit(32)::bigint";

    private static void execute(MemberContext member, String sql) {
        try (Connection connection = connect(member);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot run " + sql + " on " + member.name() + ": " + e.getMessage(), e);
        }
    }

    private static long queryLong(MemberContext member, String sql) {
        return Long.parseLong(queryText(member, sql));
    }

    private static String queryText(MemberContext member, String sql) {
        try (Connection connection = connect(member);
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot run " + sql + " on " + member.name() + ": " + e.getMessage(), e);
        }
    }

    private static Connection connect(MemberContext member) throws SQLException {
        return Sessions.open(member, ConfigRenderer.SUPERUSER, PostgresEngine.SUPERUSER, "postgres");
    }
}
