package dev.marina.engine.postgresql;

import dev.marina.control.Poll;
import dev.marina.control.member.MemberContext;
import dev.marina.control.runtime.RuntimeFailure;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.postgresql.PGConnection;

/**
 * The SQL Marina runs on a primary: users and the application database, replication slots, reloads. Every statement
 * is idempotent. Passwords are hashed on the client (SCRAM verifiers), so no plaintext password ever reaches a
 * statement the server might log.
 */
final class ClusterSql {

    private static final Duration PROMOTION_TIMEOUT = Duration.ofSeconds(60);
    /**
     * An immediate checkpoint writes every dirty buffer at full speed: with a large shared_buffers on a slow disk it
     * outlasts the 10 s socket timeout of our sessions, and promote would fail after the promotion succeeded.
     */
    private static final Duration CHECKPOINT_TIMEOUT = Duration.ofMinutes(10);

    private ClusterSql() {}

    static void initializeCluster(MemberContext primary) {
        try (Connection connection = superuser(primary)) {
            ensureRole(connection, ConfigRenderer.REPLICATION_USER, "LOGIN REPLICATION");
            setPassword(
                    connection,
                    ConfigRenderer.REPLICATION_USER,
                    primary.credentials().password(PostgresEngine.REPLICATION));
            ensureRole(connection, ConfigRenderer.APPLICATION_USER, "LOGIN");
            setPassword(
                    connection,
                    ConfigRenderer.APPLICATION_USER,
                    primary.credentials().password(PostgresEngine.APPLICATION));
            setPassword(
                    connection, ConfigRenderer.SUPERUSER, primary.credentials().password(PostgresEngine.SUPERUSER));
            if (!exists(
                    connection, "SELECT 1 FROM pg_database WHERE datname = ?", ConfigRenderer.APPLICATION_DATABASE)) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("CREATE DATABASE " + ConfigRenderer.APPLICATION_DATABASE + " OWNER "
                            + ConfigRenderer.APPLICATION_USER);
                }
            }
        } catch (SQLException e) {
            throw new RuntimeFailure("could not create users on " + primary.name() + ": " + e.getMessage(), e);
        }
    }

    static void ensureSlot(MemberContext primary, String slot) {
        try (Connection connection = superuser(primary)) {
            if (!exists(connection, "SELECT 1 FROM pg_replication_slots WHERE slot_name = ?", slot)) {
                try (PreparedStatement statement =
                        connection.prepareStatement("SELECT pg_create_physical_replication_slot(?, true)")) {
                    statement.setString(1, slot);
                    statement.execute();
                }
            }
        } catch (SQLException e) {
            throw new RuntimeFailure(
                    "could not create replication slot " + slot + " on " + primary.name() + ": " + e.getMessage(), e);
        }
    }

    static void dropSlot(MemberContext primary, String slot) {
        try (Connection connection = superuser(primary)) {
            // The replica was just stopped; its WAL sender may take a moment to let go of the slot.
            boolean released =
                    Poll.until(() -> !slotActive(connection, slot), Duration.ofSeconds(10), Duration.ofMillis(50));
            if (!released) {
                throw new RuntimeFailure("replication slot " + slot + " on " + primary.name() + " is still in use");
            }
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = ?")) {
                statement.setString(1, slot);
                statement.execute();
            }
        } catch (SQLException e) {
            throw new RuntimeFailure(
                    "could not drop replication slot " + slot + " on " + primary.name() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Promotes a replica and waits until it accepts writes, then runs a CHECKPOINT: until one completes, the control
     * file still names the old timeline and pg_rewind of the old primary would wrongly find nothing to rewind
     * (ENGINE-NOTES, trap 4).
     */
    static void promote(MemberContext member) {
        try (Connection connection = superuser(member);
                Statement statement = connection.createStatement()) {
            if (inRecovery(statement)) {
                // pg_promote(true) looks only every 100 ms whether the promotion is done, which triples a promotion
                // that takes 30 ms: signal it, then ask at a shorter interval.
                try (ResultSet result = statement.executeQuery("SELECT pg_promote(false)")) {
                    result.next();
                }
                boolean promoted =
                        Poll.until(() -> !inRecovery(member, statement), PROMOTION_TIMEOUT, Duration.ofMillis(2));
                if (!promoted) {
                    throw new RuntimeFailure(member.name() + " did not finish its promotion within "
                            + PROMOTION_TIMEOUT.toSeconds() + " s; see its log");
                }
            }
            checkpoint(connection, statement);
        } catch (SQLException e) {
            throw new RuntimeFailure("could not promote " + member.name() + ": " + e.getMessage(), e);
        }
    }

    /** Makes the current timeline durable in the control file; see {@link #promote}. */
    static void checkpoint(MemberContext member) {
        try (Connection connection = superuser(member);
                Statement statement = connection.createStatement()) {
            checkpoint(connection, statement);
        } catch (SQLException e) {
            throw new RuntimeFailure("could not run a checkpoint on " + member.name() + ": " + e.getMessage(), e);
        }
    }

    private static void checkpoint(Connection connection, Statement statement) throws SQLException {
        // The driver ignores the executor.
        connection.setNetworkTimeout(Runnable::run, (int) CHECKPOINT_TIMEOUT.toMillis());
        statement.execute("CHECKPOINT");
    }

    private static boolean inRecovery(MemberContext member, Statement statement) {
        try {
            return inRecovery(statement);
        } catch (SQLException e) {
            throw new RuntimeFailure("could not promote " + member.name() + ": " + e.getMessage(), e);
        }
    }

    private static boolean inRecovery(Statement statement) throws SQLException {
        try (ResultSet result = statement.executeQuery("SELECT pg_is_in_recovery()")) {
            result.next();
            return result.getBoolean(1);
        }
    }

    /** Reloads the configuration; returns settings from the file that need a restart to apply. */
    static List<String> reload(MemberContext member) {
        try (Connection connection = superuser(member);
                Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_reload_conf()");
            List<String> pending = new ArrayList<>();
            try (ResultSet result = statement.executeQuery(
                    "SELECT DISTINCT name FROM pg_file_settings WHERE error = 'setting could not be applied' ORDER BY name")) {
                while (result.next()) {
                    pending.add(result.getString(1));
                }
            }
            return pending;
        } catch (SQLException e) {
            throw new RuntimeFailure("could not reload " + member.name() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Settings changed in the files that only a restart applies. A new session reads the files as they are now, so
     * {@code pending_restart} is current without waiting for the reload signal to reach anyone.
     */
    static List<String> pendingRestart(MemberContext member) {
        try (Connection connection = superuser(member);
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(
                        "SELECT name FROM pg_settings WHERE pending_restart AND context = 'postmaster' ORDER BY name")) {
            List<String> pending = new ArrayList<>();
            while (result.next()) {
                pending.add(result.getString(1));
            }
            return pending;
        } catch (SQLException e) {
            throw new RuntimeFailure("could not read the settings of " + member.name() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The settings pending a restart that a hot standby needs at least as high as its primary, and that the files
     * lower. Each is a plain integer, so the file's text and the running value compare as numbers; the last line of
     * the files that sets one is the one that applies.
     */
    static List<String> loweredStandbyMinimums(MemberContext member) {
        String sql = "SELECT name FROM (SELECT DISTINCT ON (f.name) f.name, f.setting AS wanted, s.setting AS running"
                + " FROM pg_file_settings f JOIN pg_settings s ON s.name = f.name"
                + " WHERE f.name IN ('max_connections', 'max_worker_processes', 'max_wal_senders',"
                + " 'max_prepared_transactions', 'max_locks_per_transaction')"
                + " ORDER BY f.name, f.seqno DESC) latest"
                + " WHERE latest.wanted ~ '^[0-9]+$' AND latest.wanted::bigint < latest.running::bigint ORDER BY name";
        try (Connection connection = superuser(member);
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            List<String> lowered = new ArrayList<>();
            while (result.next()) {
                lowered.add(result.getString(1));
            }
            return lowered;
        } catch (SQLException e) {
            throw new RuntimeFailure("could not read the settings of " + member.name() + ": " + e.getMessage(), e);
        }
    }

    private static boolean slotActive(Connection connection, String slot) {
        try {
            return exists(connection, "SELECT 1 FROM pg_replication_slots WHERE slot_name = ? AND active", slot);
        } catch (SQLException e) {
            throw new RuntimeFailure("could not read replication slots: " + e.getMessage(), e);
        }
    }

    private static void ensureRole(Connection connection, String role, String attributes) throws SQLException {
        if (!exists(connection, "SELECT 1 FROM pg_roles WHERE rolname = ?", role)) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE ROLE " + role + " " + attributes);
            }
        }
    }

    private static void setPassword(Connection connection, String role, String password) throws SQLException {
        connection.unwrap(PGConnection.class).alterUserPassword(role, password.toCharArray(), "scram-sha-256");
    }

    private static boolean exists(Connection connection, String query, String parameter) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(query)) {
            statement.setString(1, parameter);
            try (ResultSet result = statement.executeQuery()) {
                return result.next();
            }
        }
    }

    private static Connection superuser(MemberContext member) throws SQLException {
        return Sessions.open(member, ConfigRenderer.SUPERUSER, PostgresEngine.SUPERUSER, "postgres");
    }
}
