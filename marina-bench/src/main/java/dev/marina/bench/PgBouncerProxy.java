package dev.marina.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * PgBouncer from Debian's package, set up the way the gateway is: transaction pooling, the same pool size, SCRAM for
 * clients with the user's password in its auth file (which also lets it log in to PostgreSQL with SCRAM), TCP to
 * PostgreSQL on 127.0.0.1. PgBouncer refuses to run as root, so it runs as the engine user.
 */
final class PgBouncerProxy {

    static final Path PROGRAM = Path.of("/usr/sbin/pgbouncer");

    /** The benchmark's clients number at most 32 at a time; PgBouncer's own default (100) already allows that. */
    private static final int MAX_CLIENT_CONNECTIONS = 200;

    private PgBouncerProxy() {}

    static boolean installed() {
        return Files.isExecutable(PROGRAM);
    }

    /** What users of the benchmark are told when PgBouncer is missing. */
    static String installHint() {
        return "PgBouncer is not installed (" + PROGRAM + " is missing); install Debian's package with"
                + " `apt-get install -y pgbouncer` (as root), or leave it out with --targets direct,gateway";
    }

    /** {@code pgbouncer --version}'s first line, such as "PgBouncer 1.18.0", for the report. */
    static String version() throws IOException, InterruptedException {
        return Shell.run(List.of(PROGRAM.toString(), "--version"), Map.of(), null)
                .lines()
                .findFirst()
                .orElse("PgBouncer")
                .strip();
    }

    /** Writes the configuration into {@code directory}; the process starts when the benchmark first needs it. */
    static ProxyProcess prepare(Path directory, Path log, StandalonePostgres postgres, int poolSize)
            throws IOException, InterruptedException {
        Files.createDirectories(directory);
        Shell.giveToEngineUser(directory);
        int port = FreePorts.next();
        Path users = directory.resolve("userlist.txt");
        Files.writeString(users, "\"" + StandalonePostgres.USER + "\" \"" + postgres.password() + "\"\n");
        Path configuration = directory.resolve("pgbouncer.ini");
        Files.writeString(configuration, """
                [databases]
                %s = host=127.0.0.1 port=%d dbname=%s

                [pgbouncer]
                listen_addr = 127.0.0.1
                listen_port = %d
                ; no Unix socket: its default directory is not the engine user's to write
                unix_socket_dir =
                auth_type = scram-sha-256
                auth_file = %s
                pool_mode = transaction
                default_pool_size = %d
                max_client_conn = %d
                """.formatted(
                        StandalonePostgres.DATABASE,
                        postgres.port(),
                        StandalonePostgres.DATABASE,
                        port,
                        users,
                        poolSize,
                        MAX_CLIENT_CONNECTIONS));
        for (Path file : List.of(users, configuration)) {
            Shell.giveToEngineUser(file);
        }
        List<String> command = Shell.asEngineUser(List.of(PROGRAM.toString(), configuration.toString()));
        return new ProxyProcess("PgBouncer", command, log, port, Duration.ofSeconds(10));
    }
}
