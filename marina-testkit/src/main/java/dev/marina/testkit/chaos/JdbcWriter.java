package dev.marina.testkit.chaos;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;

/**
 * A {@link Writer} for PostgreSQL over JDBC: one autocommitted {@code INSERT} per id into {@value #TABLE}, which
 * returns the server that committed it and the timeline it committed on. Connects on its first write, through a URL
 * that should list every member with {@code targetServerType=primary}, so that a new writer finds the new primary.
 */
public final class JdbcWriter implements Writer {

    /** The table the writes go to; {@link #createTable} makes it. */
    public static final String TABLE = "chaos_writes";

    /**
     * The timeline of the WAL being written: the first 8 hex digits of the current WAL file's name. Computed by the
     * server in the same statement, so it is the timeline the row was committed on.
     */
    static final String CURRENT_TIMELINE =
            "('x' || substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8))::bit(32)::bigint";

    private static final String INSERT = "INSERT INTO " + TABLE + " (id, epoch) VALUES (?, " + CURRENT_TIMELINE
            + ") RETURNING host(inet_server_addr()), inet_server_port(), epoch";

    private final String url;
    private final String user;
    private final String password;
    private Connection connection;
    private PreparedStatement insert;

    public JdbcWriter(String url, String user, String password) {
        this.url = requireNonNull(url, "url is null");
        this.user = requireNonNull(user, "user is null");
        this.password = requireNonNull(password, "password is null");
    }

    /** Opens a {@link JdbcWriter} per call, for a {@link LoadGenerator}. */
    public static Writer.Factory factory(String url, String user, String password) {
        requireNonNull(url, "url is null");
        requireNonNull(user, "user is null");
        requireNonNull(password, "password is null");
        return () -> new JdbcWriter(url, user, password);
    }

    /** Creates {@value #TABLE} unless it exists. */
    public static void createTable(String url, String user, String password) throws SQLException {
        try (Connection connection = PostgresConnections.open(url, user, password);
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (id bigint PRIMARY KEY,"
                    + " epoch bigint NOT NULL, written_at timestamptz DEFAULT clock_timestamp())");
        }
    }

    /** Every id in {@value #TABLE}; read after recovery, to find acknowledged writes that are missing. */
    public static Set<Long> readIds(String url, String user, String password) throws SQLException {
        Set<Long> ids = new HashSet<>();
        try (Connection connection = PostgresConnections.open(url, user, password);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT id FROM " + TABLE)) {
            while (rows.next()) {
                ids.add(rows.getLong(1));
            }
        }
        return ids;
    }

    @Override
    public Ack write(long id) throws SQLException {
        if (connection == null) {
            connection = PostgresConnections.open(url, user, password);
            insert = connection.prepareStatement(INSERT);
        }
        insert.setLong(1, id);
        // Taken after connecting: the split-brain check compares when statements were sent, not when clients
        // started looking for a primary.
        long sentNanos = System.nanoTime();
        try (ResultSet row = insert.executeQuery()) {
            // In autocommit mode PgJDBC returns only after ReadyForQuery, which the server sends after the commit.
            long ackedNanos = System.nanoTime();
            if (!row.next()) {
                throw new SQLException("INSERT ... RETURNING returned no row for id " + id);
            }
            return new Ack(id, server(row.getString(1), row.getInt(2)), row.getLong(3), sentNanos, ackedNanos);
        }
    }

    @Override
    public void close() {
        Connection closing = connection;
        connection = null;
        insert = null;
        if (closing == null) {
            return;
        }
        try {
            closing.close();
        } catch (SQLException ignored) {
            // The connection is usually broken already; closing it only releases the socket.
        }
    }

    private static String server(String address, int port) {
        if (address == null) {
            // inet_server_addr() is null over a Unix socket.
            return "local:" + port;
        }
        return (address.contains(":") ? "[" + address + "]" : address) + ":" + port;
    }
}
