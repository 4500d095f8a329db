package dev.marina.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * One PostgreSQL 15 server built by hand with the engine's own programs, with PostgreSQL's default settings apart from
 * where it listens and how many connections it takes: the server every target of the gateway benchmark ends at. It
 * holds a pgbench database owned by a login user with a SCRAM password, which every target uses over TCP.
 */
final class StandalonePostgres implements AutoCloseable {

    static final String DATABASE = "bench";
    static final String USER = "bench";

    private static final String SUPERUSER = "postgres";

    private final Path directory;
    private final int port;
    private final String password;
    private boolean closed;

    private StandalonePostgres(Path directory, int port, String password) {
        this.directory = directory;
        this.port = port;
        this.password = password;
    }

    /**
     * initdb, start, then the bench user and {@code pgbench -i -s scale} as that user. The caller closes what it gets
     * back; what a failure leaves behind is closed here.
     */
    static StandalonePostgres create(Path directory, String password, int scale, int maxConnections)
            throws IOException, InterruptedException, SQLException {
        Files.createDirectories(directory);
        Shell.giveToEngineUser(directory);
        StandalonePostgres postgres = new StandalonePostgres(directory, FreePorts.next(), password);
        try {
            postgres.initialize(maxConnections);
            postgres.createUserAndData(scale);
        } catch (IOException | InterruptedException | SQLException | RuntimeException e) {
            postgres.close();
            throw e;
        }
        return postgres;
    }

    int port() {
        return port;
    }

    String password() {
        return password;
    }

    /**
     * What pgbench's own vacuum step does before each run (pgbench runs with -n, so that the proxies' counters hold
     * only the benchmark): run here directly, once per round, outside every measurement.
     */
    void resetTpcbHistory() throws SQLException {
        try (Connection connection = Connections.open(url(), USER, password);
                Statement statement = connection.createStatement()) {
            statement.execute("VACUUM pgbench_branches");
            statement.execute("VACUUM pgbench_tellers");
            statement.execute("TRUNCATE pgbench_history");
        }
    }

    /** Stops the server, kills whatever of it is left and removes the directory. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (Files.exists(data().resolve("postmaster.pid"))) {
            try {
                EnginePrograms.run(directory, Map.of(), "pg_ctl", "-D", data().toString(), "-m", "immediate", "stop");
            } catch (IOException | InterruptedException e) {
                System.err.println("could not stop the benchmark's PostgreSQL, killing it: " + e.getMessage());
            }
        }
        Directories.killAndDelete(data().toString(), directory);
    }

    private void initialize(int maxConnections) throws IOException, InterruptedException {
        Path passwordFile = directory.resolve("pw");
        Files.writeString(passwordFile, password + "\n");
        Shell.giveToEngineUser(passwordFile);
        EnginePrograms.run(
                directory,
                Map.of(),
                "initdb",
                "-D",
                data().toString(),
                "-U",
                SUPERUSER,
                "--pwfile=" + passwordFile,
                "--auth=scram-sha-256",
                "--no-sync",
                "-E",
                "UTF8",
                "--locale=C.UTF-8");
        Files.writeString(
                data().resolve("postgresql.auto.conf"),
                "\nport = " + port + "\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '" + data()
                        + "'\nmax_connections = " + maxConnections + "\npassword_encryption = 'scram-sha-256'\n",
                StandardOpenOption.APPEND);
        Files.writeString(
                data().resolve("pg_hba.conf"),
                "local all all scram-sha-256\nhost all all 127.0.0.1/32 scram-sha-256\n");
        EnginePrograms.run(
                directory,
                Map.of(),
                "pg_ctl",
                "-D",
                data().toString(),
                "-l",
                directory.resolve("postgresql.log").toString(),
                "-w",
                "start");
    }

    private void createUserAndData(int scale) throws IOException, InterruptedException, SQLException {
        try (Connection connection =
                        Connections.open("jdbc:postgresql://127.0.0.1:" + port + "/postgres", SUPERUSER, password);
                Statement statement = connection.createStatement()) {
            // The password is the benchmark's own, made up for this run; the statement is never logged.
            statement.execute("CREATE ROLE " + USER + " LOGIN PASSWORD '" + password + "'");
            statement.execute("CREATE DATABASE " + DATABASE + " OWNER " + USER);
        }
        EnginePrograms.run(
                directory,
                Map.of("PGPASSWORD", password),
                "pgbench",
                "-i",
                "-q",
                "-s",
                Integer.toString(scale),
                "-h",
                "127.0.0.1",
                "-p",
                Integer.toString(port),
                "-U",
                USER,
                DATABASE);
    }

    private String url() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    private Path data() {
        return directory.resolve("data");
    }
}
