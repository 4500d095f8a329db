package dev.marina.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.marina.gateway.config.GatewayConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Marina's gateway as its own JVM, as the local runtime will run it: a fixed topology of the one PostgreSQL server,
 * transaction pooling, only the read-write endpoint (and the admin one, which it always has). Its config is written
 * with the gateway's own record, so that a change of the config's shape breaks this benchmark's build, not its run.
 */
final class GatewayProxy {

    /** Set by bin/bench: marina-gateway's classes and its runtime dependencies, and nothing of the control plane's. */
    static final String CLASSPATH_PROPERTY = "marina.gateway.classpath";

    /**
     * PerMethodTrapLimit=0: C2 compiles every branch of a method instead of leaving the ones not taken yet to a trap.
     * The gateway's hot methods meet message types one workload at a time (the warm-up runs extended select-only,
     * then simple Query arrives); each new one deoptimized and recompiled the whole inlined tree of the event loop's
     * handlers, during the measured runs. With the flag the compilations in the runs after the warm-up take half the
     * CPU; runs on a warm gateway cost the same within the noise (docs/architecture.md, Gateway).
     */
    static final List<String> JVM_OPTIONS =
            List.of("-XX:+UseSerialGC", "-XX:PerMethodTrapLimit=0", "-Xss512k", "-Xmx256m");

    private static final String MAIN_CLASS = "dev.marina.gateway.GatewayMain";
    private static final String NAME = "bench-gateway";
    private static final int OFF = -1;

    /** A cold JVM takes a second or two; a loaded 2-core machine may need many more. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private GatewayProxy() {}

    /**
     * Writes the config into {@code directory}; the process starts when the benchmark first needs it.
     *
     * @throws IllegalStateException when the benchmark was not started by bin/bench, which knows the classpath
     */
    static ProxyProcess prepare(Path directory, Path log, StandalonePostgres postgres, int poolSize)
            throws IOException {
        String classpath = System.getProperty(CLASSPATH_PROPERTY);
        if (classpath == null || classpath.isBlank()) {
            throw new IllegalStateException("the gateway's classpath is unknown (-D" + CLASSPATH_PROPERTY
                    + " is unset): run the benchmark with bin/bench, which sets it");
        }
        int port = FreePorts.next();
        GatewayConfig config = new GatewayConfig(
                NAME,
                null,
                "127.0.0.1",
                new GatewayConfig.Ports(port, OFF, OFF, FreePorts.next()),
                new GatewayConfig.Pool(GatewayConfig.Pool.TRANSACTION, poolSize, null, null, null, null),
                null,
                List.of(new GatewayConfig.User(StandalonePostgres.USER, postgres.password())),
                null,
                new GatewayConfig.TopologySource(
                        null,
                        null,
                        List.of(new GatewayConfig.StaticMember("pg-0", "127.0.0.1", postgres.port(), "primary"))),
                null);
        Files.createDirectories(directory);
        Path file = directory.resolve("gateway.json");
        // The file holds a password, as the control plane's own gateway configs do.
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(
                file, new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(config));
        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(JVM_OPTIONS);
        command.addAll(List.of("-cp", classpath, MAIN_CLASS, "--config", file.toString()));
        return new ProxyProcess("the gateway", command, log, port, START_TIMEOUT);
    }
}
