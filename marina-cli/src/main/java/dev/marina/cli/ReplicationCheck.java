package dev.marina.cli;

import static java.util.Objects.requireNonNull;

import dev.marina.api.Durations;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;

/**
 * Proves a PostgreSQL cluster works end to end, as {@code marina demo} shows it: a row written through the read-write
 * URL becomes visible through the read-only URL. Synchronous replication makes a commit durable on a standby, not yet
 * visible there, so the read side polls.
 */
public final class ReplicationCheck {

    static final String CREATE_TABLE = "create table if not exists marina_demo("
            + "id serial primary key, note text, written_at timestamptz default now())";
    private static final String INSERT = "insert into marina_demo(note) values (?) returning id, inet_server_port()";
    private static final String SELECT = "select note, inet_server_port(), current_setting('cluster_name'),"
            + " pg_is_in_recovery() from marina_demo where id = ?";
    private static final String UNDEFINED_TABLE = "42P01";
    private static final Duration READ_POLL_INTERVAL = Duration.ofMillis(100);

    private final JdbcTarget primary;
    private final JdbcTarget replica;
    private final Clock clock;

    public ReplicationCheck(JdbcTarget primary, JdbcTarget replica, Clock clock) {
        this.primary = requireNonNull(primary, "primary is null");
        this.replica = requireNonNull(replica, "replica is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /**
     * What happened: the row's id, the port that took the write, the port and server that served the read, whether
     * that server was a standby, and how long after the commit the row was visible there.
     */
    public record Result(
            long id,
            int writePort,
            int readPort,
            String readServerName,
            boolean readFromStandby,
            Duration visibleAfter) {}

    /** Writes {@code note} and waits up to {@code timeout} until it can be read back through the read-only URL. */
    public Result run(String note, Duration timeout) throws SQLException {
        long id;
        int writePort;
        try (Connection writer = connect(primary);
                Statement statement = writer.createStatement()) {
            statement.execute(CREATE_TABLE);
            try (PreparedStatement insert = writer.prepareStatement(INSERT)) {
                insert.setString(1, note);
                try (ResultSet row = insert.executeQuery()) {
                    row.next();
                    id = row.getLong(1);
                    writePort = row.getInt(2);
                }
            }
        }
        Instant written = clock.instant();
        Deadline deadline = Deadline.after(timeout, clock);
        try (Connection reader = connect(replica);
                PreparedStatement select = reader.prepareStatement(SELECT)) {
            select.setLong(1, id);
            while (true) {
                try (ResultSet row = select.executeQuery()) {
                    if (row.next()) {
                        return new Result(
                                id,
                                writePort,
                                row.getInt(2),
                                row.getString(3),
                                row.getBoolean(4),
                                Duration.between(written, clock.instant()));
                    }
                } catch (SQLException e) {
                    // The table itself may not have been replayed on the standby yet: that is "not yet", too.
                    if (!UNDEFINED_TABLE.equals(e.getSQLState())) {
                        throw e;
                    }
                }
                if (deadline.hasPassed()) {
                    throw MarinaException.userError("row " + id + " written to the primary was not visible through"
                            + " the read-only URL after " + Durations.format(timeout)
                            + "; replication may lag: look closer with: marina describe cluster "
                            + DemoCluster.NAME);
                }
                deadline.pause(READ_POLL_INTERVAL);
            }
        }
    }

    private static Connection connect(JdbcTarget target) throws SQLException {
        Properties properties = target.properties();
        properties.setProperty("connectTimeout", "10");
        properties.setProperty("socketTimeout", "30");
        properties.setProperty("ApplicationName", "marina demo");
        return DriverManager.getConnection(target.url(), properties);
    }
}
