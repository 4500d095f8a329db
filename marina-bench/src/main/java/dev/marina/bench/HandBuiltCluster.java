package dev.marina.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Three PostgreSQL 15 members built by hand with the engine's own programs (initdb, pg_ctl, pg_basebackup): the floor
 * that Marina's numbers are compared against. Member 0 starts as the primary. Every member carries the same
 * synchronous standby list and the same WAL retry interval Marina sets, so that any replica can be promoted without a
 * configuration change and a failover by hand costs no more than the engine needs.
 */
final class HandBuiltCluster implements AutoCloseable {

    static final String SUPERUSER = "postgres";
    static final String PASSWORD = "benchpw";
    static final int MEMBERS = 3;

    private final Path directory;
    private final int[] ports = new int[MEMBERS];
    private boolean closed;

    /** Prepares the directory, a password file and free ports; starts nothing yet. */
    HandBuiltCluster(Path directory) throws IOException, InterruptedException {
        this.directory = directory;
        Files.createDirectories(directory);
        Shell.giveToEngineUser(directory);
        for (int member = 0; member < MEMBERS; member++) {
            ports[member] = FreePorts.next();
        }
        Files.writeString(passwordFile(), PASSWORD + "\n");
        Shell.giveToEngineUser(passwordFile());
    }

    /** initdb and start member 0, then copy it to members 1 and 2 and start them as its replicas. */
    void create() throws IOException, InterruptedException {
        Path primary = data(0);
        program(
                Map.of(),
                "initdb",
                "-D",
                primary.toString(),
                "-U",
                SUPERUSER,
                "--pwfile=" + passwordFile(),
                "--auth=scram-sha-256",
                "-k",
                "--no-sync",
                "-E",
                "UTF8",
                "--locale=C.UTF-8");
        Files.writeString(primary.resolve("postgresql.auto.conf"), settings(0), StandardOpenOption.APPEND);
        Files.writeString(
                primary.resolve("pg_hba.conf"),
                "local all all scram-sha-256\nhost all all 127.0.0.1/32 scram-sha-256\n"
                        + "host replication all 127.0.0.1/32 scram-sha-256\n");
        start(0);
        for (int replica = 1; replica < MEMBERS; replica++) {
            copyFrom(replica, 0);
        }
    }

    /** Discards {@code member}'s data, copies {@code source} again and starts the copy as its replica. */
    void rebuild(int member, int source) throws IOException, InterruptedException {
        if (runningPostmaster(member).isPresent()) {
            throw new IllegalStateException(name(member) + " still runs; stop it before rebuilding it");
        }
        Directories.deleteTree(data(member));
        copyFrom(member, source);
    }

    static String name(int member) {
        return "m" + member;
    }

    int port(int member) {
        return ports[member];
    }

    String endpoint(int member) {
        return "127.0.0.1:" + ports[member];
    }

    List<String> endpoints() {
        List<String> endpoints = new ArrayList<>();
        for (int member = 0; member < MEMBERS; member++) {
            endpoints.add(endpoint(member));
        }
        return endpoints;
    }

    /** A JDBC URL that finds whichever member is primary, as an application would use it. */
    String primaryUrl(String database) {
        return "jdbc:postgresql://" + String.join(",", endpoints()) + "/" + database + "?targetServerType=primary";
    }

    /** How {@code member} connects to {@code source} for WAL; the name makes it count as a synchronous standby. */
    String primaryConninfo(int member, int source) {
        return "host=127.0.0.1 port=" + ports[source] + " user=" + SUPERUSER + " password=" + PASSWORD
                + " application_name=" + name(member);
    }

    /**
     * The member's postmaster, if it runs. Its pid is taken from postmaster.pid and trusted only when that process
     * runs on this member's data directory: after a kill -9 the file stays behind and its pid may belong to anybody.
     */
    Optional<ProcessHandle> runningPostmaster(int member) throws IOException {
        Path pidFile = data(member).resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        String firstLine =
                Files.readAllLines(pidFile).stream().findFirst().orElse("").strip();
        if (firstLine.isEmpty()) {
            return Optional.empty();
        }
        String dataDirectory = data(member).toString();
        return ProcessHandle.of(Long.parseLong(firstLine))
                .filter(process -> process.info()
                        .commandLine()
                        .map(line -> line.contains(dataDirectory))
                        .orElse(false));
    }

    /** Stops every member, kills whatever of theirs is left and removes the directory. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (int member = MEMBERS - 1; member >= 0; member--) {
            try {
                if (runningPostmaster(member).isPresent()) {
                    program(Map.of(), "pg_ctl", "-D", data(member).toString(), "-m", "immediate", "-w", "stop");
                }
            } catch (IOException | InterruptedException | RuntimeException e) {
                System.err.println("could not stop " + name(member) + ", killing it: " + e.getMessage());
            }
        }
        Directories.killAndDelete(directory.toString(), directory);
    }

    private void copyFrom(int member, int source) throws IOException, InterruptedException {
        Path data = data(member);
        program(
                Map.of("PGPASSWORD", PASSWORD),
                "pg_basebackup",
                "-D",
                data.toString(),
                "-h",
                "127.0.0.1",
                "-p",
                Integer.toString(ports[source]),
                "-U",
                SUPERUSER,
                "-c",
                "fast",
                "-X",
                "stream",
                "-R",
                "--no-sync");
        // Replaces the copied file: it carries the source's port, and -R appended a primary_conninfo of its own.
        Files.writeString(
                data.resolve("postgresql.auto.conf"),
                settings(member) + "primary_conninfo = '" + primaryConninfo(member, source) + "'\n");
        start(member);
    }

    private void start(int member) throws IOException, InterruptedException {
        program(
                Map.of(),
                "pg_ctl",
                "-D",
                data(member).toString(),
                "-l",
                directory.resolve(name(member) + ".log").toString(),
                "-w",
                "start");
    }

    private String settings(int member) {
        return "\nport = " + ports[member] + "\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '"
                + data(member) + "'\ncluster_name = '" + name(member) + "'\nwal_log_hints = on\n"
                + "wal_keep_size = '64MB'\n"
                // Marina's setting too: the default 5 s would keep a repointed replica waiting after a failover.
                + "wal_retrieve_retry_interval = '250ms'\n"
                + "synchronous_standby_names = 'ANY 1 (m0, m1, m2)'\n";
    }

    private Path data(int member) {
        return directory.resolve(name(member));
    }

    private Path passwordFile() {
        return directory.resolve("pw");
    }

    /** Runs one of PostgreSQL's programs as the engine user, from the cluster's directory, which that user can read. */
    private void program(Map<String, String> environment, String program, String... arguments)
            throws IOException, InterruptedException {
        EnginePrograms.run(directory, environment, program, arguments);
    }
}
