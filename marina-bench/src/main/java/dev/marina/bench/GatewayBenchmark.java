package dev.marina.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * pgbench through Marina's gateway, directly to PostgreSQL and through PgBouncer, in the same run: TPS, average latency
 * and each proxy's CPU microseconds per transaction. All targets end at the same PostgreSQL server. Within a round
 * each cell runs on every target one after the other, starting with a different target each time, so that machine
 * noise and the data's growth hit all of them alike; the table shows medians over the rounds. A run that fails (a
 * proxy that cannot start, a protocol it breaks) is recorded with pgbench's error and the benchmark goes on.
 */
final class GatewayBenchmark {

    /** Direct clients, both pools, and a few for the benchmark's own setup. */
    private static final int SPARE_CONNECTIONS = 10;

    private final Path repository;
    private final GatewayOptions options;

    GatewayBenchmark(Path repository, GatewayOptions options) {
        this.repository = repository;
        this.options = options;
    }

    /** Runs every round, prints the table and writes the results; false when a direct or gateway run failed. */
    boolean run() throws Exception {
        Progress.print(
                "gateway benchmark: %d round(s) of %d cells on %s, %d s per run: about %d min",
                options.rounds(),
                options.cells().size(),
                options.targets().stream().map(GatewayTarget::label).toList(),
                options.seconds(),
                options.estimatedMinutes());
        List<GatewayMeasurement> measurements = new ArrayList<>();
        String pgbouncerVersion = options.measures(GatewayTarget.PGBOUNCER) ? PgBouncerProxy.version() : null;
        try (StartedResources started = new StartedResources()) {
            measure(started, measurements);
        }
        return new GatewayReport(repository, options, pgbouncerVersion, maxConnections()).write(measurements);
    }

    private void measure(StartedResources started, List<GatewayMeasurement> measurements) throws Exception {
        Path home = Files.createTempDirectory("marina-bench-gateway-");
        // The engine user must be able to pass through to PostgreSQL's and PgBouncer's directories.
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx--x--x"));
        started.add(() -> Directories.deleteTree(home));
        Progress.print("starting PostgreSQL 15 and loading pgbench's tables (pgbench -i -s %d)", options.scale());
        // Made up for this run, never printed: SCRAM needs a password, and nobody else needs this one.
        String password = UUID.randomUUID().toString().replace("-", "");
        StandalonePostgres postgres = started.add(
                StandalonePostgres.create(home.resolve("postgres"), password, options.scale(), maxConnections()));
        List<TargetEndpoint> endpoints = endpoints(started, home, postgres);
        ProcessCpu cpu = ProcessCpu.ofThisSystem();
        warmUpGateway(endpoints, cpu, password);
        for (int round = 1; round <= options.rounds(); round++) {
            postgres.resetTpcbHistory();
            for (int index = 0; index < options.cells().size(); index++) {
                PgbenchCell cell = options.cells().get(index);
                Map<GatewayTarget, GatewayMeasurement> cellMeasurements = new EnumMap<>(GatewayTarget.class);
                for (TargetEndpoint endpoint : rotated(endpoints, round - 1 + index)) {
                    GatewayMeasurement measurement = measure(round, cell, endpoint, options.seconds(), cpu, password);
                    cellMeasurements.put(endpoint.target(), measurement);
                    measurements.add(measurement);
                }
                progress(round, cell, cellMeasurements);
            }
        }
    }

    /** Starts every proxy now, so that the first progress lines say whether each one works. */
    private List<TargetEndpoint> endpoints(StartedResources started, Path home, StandalonePostgres postgres)
            throws IOException, InterruptedException {
        Path results = repository.resolve("bench-results");
        List<TargetEndpoint> endpoints = new ArrayList<>();
        for (GatewayTarget target : options.targets()) {
            TargetEndpoint endpoint = switch (target) {
                case DIRECT -> TargetEndpoint.direct(postgres.port());
                case PGBOUNCER ->
                    TargetEndpoint.proxy(
                            target,
                            started.add(PgBouncerProxy.prepare(
                                    home.resolve("pgbouncer"),
                                    results.resolve("gateway-pgbouncer.log"),
                                    postgres,
                                    options.poolSize())));
                case GATEWAY -> gateway(started, home, results, postgres);
            };
            Optional<String> problem = endpoint.ready();
            if (problem.isPresent()) {
                Progress.print(
                        "%s cannot be measured; its runs are recorded as failed: %s", target.label(), problem.get());
            } else {
                Progress.print("%s: pgbench connects to 127.0.0.1:%d", target.label(), endpoint.port());
            }
            endpoints.add(endpoint);
        }
        return endpoints;
    }

    private TargetEndpoint gateway(StartedResources started, Path home, Path results, StandalonePostgres postgres)
            throws IOException {
        try {
            return TargetEndpoint.proxy(
                    GatewayTarget.GATEWAY,
                    started.add(GatewayProxy.prepare(
                            home.resolve("gateway"),
                            results.resolve("gateway-gateway.log"),
                            postgres,
                            options.poolSize())));
        } catch (IllegalStateException e) {
            return TargetEndpoint.unavailable(GatewayTarget.GATEWAY, e.getMessage());
        }
    }

    /**
     * One discarded run of each script and protocol, so that the measured runs see the gateway's JIT-compiled code for
     * every workload, as a long-running gateway would: a warm-up of one workload left the others' first runs paying
     * for their compilation.
     */
    private void warmUpGateway(List<TargetEndpoint> endpoints, ProcessCpu cpu, String password) throws Exception {
        for (TargetEndpoint endpoint : endpoints) {
            if (endpoint.target() != GatewayTarget.GATEWAY || endpoint.ready().isPresent()) {
                continue;
            }
            for (PgbenchCell cell : options.warmUpCells()) {
                GatewayMeasurement warmUp = measure(0, cell, endpoint, GatewayOptions.WARM_UP_SECONDS, cpu, password);
                Progress.print(
                        "warm-up of the gateway, discarded: %s for %d s: %s",
                        cell.label(), GatewayOptions.WARM_UP_SECONDS, describe(warmUp));
            }
        }
    }

    private static GatewayMeasurement measure(
            int round, PgbenchCell cell, TargetEndpoint endpoint, int seconds, ProcessCpu cpu, String password)
            throws IOException, InterruptedException {
        Optional<String> unavailable = endpoint.ready();
        if (unavailable.isPresent()) {
            return failed(round, cell, endpoint, unavailable.get());
        }
        OptionalLong pid = endpoint.pid();
        OptionalLong before = cpuTime(cpu, pid);
        PgbenchResult result = PgbenchRun.run(cell, endpoint.port(), seconds, password);
        Optional<String> exit = endpoint.exitDescription();
        if (exit.isPresent()) {
            String error = result.error().map(message -> message + "; ").orElse("");
            return failed(round, cell, endpoint, error + endpoint.target().label() + " " + exit.get());
        }
        if (!result.succeeded() || pid.isEmpty()) {
            return new GatewayMeasurement(round, cell, endpoint.target(), result, OptionalDouble.empty());
        }
        OptionalLong after = cpuTime(cpu, pid);
        if (before.isEmpty() || after.isEmpty()) {
            return failed(round, cell, endpoint, endpoint.target().label() + "'s CPU time could not be read");
        }
        double used = after.getAsLong() - before.getAsLong();
        return new GatewayMeasurement(
                round, cell, endpoint.target(), result, OptionalDouble.of(used / result.transactions()));
    }

    /** The proxy's CPU time so far; empty when there is no proxy or it has just gone away. */
    private static OptionalLong cpuTime(ProcessCpu cpu, OptionalLong pid) {
        if (pid.isEmpty()) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(cpu.microseconds(pid.getAsLong()));
        } catch (IOException e) {
            return OptionalLong.empty();
        }
    }

    private static GatewayMeasurement failed(int round, PgbenchCell cell, TargetEndpoint endpoint, String error) {
        return new GatewayMeasurement(
                round, cell, endpoint.target(), PgbenchResult.failed(error), OptionalDouble.empty());
    }

    /** The targets starting at {@code offset}, wrapping around. */
    private static List<TargetEndpoint> rotated(List<TargetEndpoint> endpoints, int offset) {
        List<TargetEndpoint> order = new ArrayList<>();
        for (int index = 0; index < endpoints.size(); index++) {
            order.add(endpoints.get((offset + index) % endpoints.size()));
        }
        return order;
    }

    private void progress(int round, PgbenchCell cell, Map<GatewayTarget, GatewayMeasurement> measurements) {
        List<String> parts = new ArrayList<>();
        measurements.forEach((target, measurement) -> parts.add(target.label() + " " + describe(measurement)));
        Progress.print("round %d/%d, %s: %s", round, options.rounds(), cell.label(), String.join(" | ", parts));
    }

    private static String describe(GatewayMeasurement measurement) {
        PgbenchResult result = measurement.result();
        if (!result.succeeded()) {
            return "failed: " + result.error().orElseThrow();
        }
        String cpu = measurement.cpuMicrosecondsPerTransaction().isPresent()
                ? String.format(
                        Locale.ROOT,
                        " %.1f µs CPU/tx",
                        measurement.cpuMicrosecondsPerTransaction().getAsDouble())
                : "";
        return String.format(Locale.ROOT, "%.0f tps %.2f ms%s", result.tps(), result.latencyMilliseconds(), cpu);
    }

    private int maxConnections() {
        int largestClients =
                options.cells().stream().mapToInt(PgbenchCell::clients).max().orElse(0);
        return Math.max(100, largestClients + 2 * options.poolSize() + SPARE_CONNECTIONS);
    }
}
