package dev.marina.bench;

import dev.marina.testkit.chaos.JdbcWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The write pause, client errors and lost writes that day-2 operations cost an application under load: a switchover
 * asked for through the API, and the rolling update the control plane starts by itself after a spec change that
 * needs restarts. Each round does one of each on the same 3-member synchronous cluster, so that machine noise hits
 * both alike; the rolling update toggles {@code shared_buffers}, which PostgreSQL applies only after a restart. Two
 * sets of writers run at once: one straight to the members (a multi-host URL that finds the primary), one through the
 * cluster's gateway, so the same operation shows what each path costs a client.
 */
final class OperationsBenchmark {

    static final String SWITCHOVER = "switchover";
    static final String ROLLING_UPDATE = "rolling-update";

    /** Each measurement writes ids from its own block, so that the measurements on one table never reuse an id. */
    private static final long IDS_PER_MEASUREMENT = 1_000_000_000L;

    /** The cluster starts with the first; each rolling update switches to the other. */
    private static final List<String> SHARED_BUFFERS = List.of("32MB", "40MB");

    private static final double GOAL_PAUSE_SECONDS = 1;

    private final Path repository;
    private final int rounds;

    OperationsBenchmark(Path repository, int rounds) {
        this.repository = repository;
        this.rounds = rounds;
    }

    /** Runs every round, prints the table and writes the results; false when a promise was broken. */
    boolean run() throws Exception {
        List<OperationMeasurement> switchovers = new ArrayList<>();
        List<OperationMeasurement> updates = new ArrayList<>();
        List<String> aborted = new ArrayList<>();
        try (StartedResources started = new StartedResources()) {
            measure(started, switchovers, updates, aborted);
        }
        return report(switchovers, updates, aborted);
    }

    private void measure(
            StartedResources started,
            List<OperationMeasurement> switchovers,
            List<OperationMeasurement> updates,
            List<String> aborted)
            throws Exception {
        Progress.print(
                "starting the control plane and creating cluster %s (marina up, marina apply)", MarinaCluster.NAME);
        MarinaControlPlane controlPlane = started.add(MarinaControlPlane.up(repository));
        // Closed before the control plane, so the log survives the home: it is the evidence when a round goes wrong.
        started.add(() -> controlPlane.keepServerLog(repository.resolve("bench-results/operations-server.log")));
        MarinaCluster orders = MarinaCluster.create(controlPlane, sharedBuffers(0), true);
        ClusterOperations operations = new ClusterOperations(controlPlane);
        JdbcWriter.createTable(orders.primaryUrl(), orders.user(), orders.password());
        ApplicationUserRedundancy redundancy = started.add(
                new ApplicationUserRedundancy(orders.endpoints(), orders.user(), orders.password(), orders.database()));
        // Ordered: the first path judges redundancy and comes first in the table.
        Map<String, LoadTarget> paths = new LinkedHashMap<>();
        paths.put(
                ClientMeasurement.DIRECT,
                new LoadTarget(orders.primaryUrl(), orders.user(), orders.password(), redundancy));
        paths.put(
                ClientMeasurement.GATEWAY,
                new LoadTarget(orders.gatewayUrl().orElseThrow(), orders.user(), orders.password(), redundancy));

        long firstId = IDS_PER_MEASUREMENT;
        for (int round = 1; round <= rounds; round++) {
            try {
                OperationMeasurement switchover = OperationRound.run(
                        SWITCHOVER, paths, firstId, orders, operations, () -> operations.create(SWITCHOVER));
                firstId += IDS_PER_MEASUREMENT;
                switchovers.add(switchover);
                printEvents(orders);
                progress(round, switchover);

                Map<String, String> config = sharedBuffers(round);
                OperationMeasurement update = OperationRound.run(
                        ROLLING_UPDATE, paths, firstId, orders, operations, () -> orders.reapply(config));
                firstId += IDS_PER_MEASUREMENT;
                updates.add(update);
                printEvents(orders);
                progress(round, update);
            } catch (Exception e) {
                // The cluster is in an unknown state: later rounds would measure that, not the operations.
                aborted.add("round " + round + " stopped: " + e.getMessage());
                Progress.print("round %d/%d stopped: %s", round, rounds, e);
                return;
            }
        }
    }

    private static Map<String, String> sharedBuffers(int round) {
        return Map.of("shared_buffers", SHARED_BUFFERS.get(round % SHARED_BUFFERS.size()));
    }

    private static void printEvents(MarinaCluster orders) throws Exception {
        for (String event : orders.newEvents()) {
            System.err.println("    marina: " + event);
        }
    }

    private void progress(int round, OperationMeasurement measurement) {
        Progress.print(
                "round %d/%d: %s %s %s in %s",
                round,
                rounds,
                measurement.type(),
                measurement.name(),
                measurement.phase(),
                measurement.durationSeconds().map(OperationsBenchmark::seconds).orElse("(unfinished)"));
        for (ClientMeasurement client : measurement.clients()) {
            Progress.print(
                    "    %s: longest write pause %.2f s, %d failed writes, %d acknowledged, %d lost",
                    client.path(), client.pauseSeconds(), client.failedWrites(), client.acknowledged(), client.lost());
            Errors.lines(client.errors(), 3).forEach(error -> Progress.print("        error: %s", error));
        }
        measurement.problems().forEach(problem -> Progress.print("    problem: %s", problem));
    }

    private boolean report(
            List<OperationMeasurement> switchovers, List<OperationMeasurement> updates, List<String> aborted)
            throws Exception {
        List<OperationMeasurement> all = new ArrayList<>(switchovers);
        all.addAll(updates);
        double longestPause = Statistics.max(pauses(all, ClientMeasurement.DIRECT));
        double longestGatewayPause = Statistics.max(pauses(all, ClientMeasurement.GATEWAY));
        List<Double> gatewayErrors = failures(all, ClientMeasurement.GATEWAY);
        double gatewayErrorCount =
                gatewayErrors.stream().mapToDouble(Double::doubleValue).sum();
        int lost = all.stream().mapToInt(OperationMeasurement::lost).sum();
        long unsuccessful =
                all.stream().filter(measurement -> !measurement.succeeded()).count();
        String table = String.format(
                        Locale.ROOT,
                        "| operation under load | writers | longest write pause: median | max | failed writes"
                                + " (client errors): median | max | acknowledged writes lost | operation duration:"
                                + " median | max |%n"
                                + "|---|---|---|---|---|---|---|---|---|%n")
                + rows(
                        "switchover, no target: clean stop of the primary, promotion of the best replica, the old"
                                + " primary rejoins",
                        switchovers)
                + rows(
                        "rolling update of `shared_buffers` (32MB ↔ 40MB): each replica restarted, switchover to"
                                + " one, the old primary restarts as a replica",
                        updates);
        List<String> problems = new ArrayList<>(aborted);
        all.forEach(measurement ->
                measurement.problems().forEach(problem -> problems.add(measurement.name() + ": " + problem)));
        long crowded = all.stream()
                .filter(measurement -> measurement.started().size() > 1)
                .count();
        String goals = String.format(
                Locale.ROOT,
                "Goals: every write pause under %.0f s (direct: %s, longest %s; through the gateway: %s, longest"
                        + " %s), no client error through the gateway (%s, %.0f in all), no acknowledged write lost"
                        + " (%s), every operation succeeded (%s), one operation per request (%s).",
                GOAL_PAUSE_SECONDS,
                !all.isEmpty() && longestPause < GOAL_PAUSE_SECONDS ? "met" : "missed",
                seconds(longestPause),
                !all.isEmpty() && longestGatewayPause < GOAL_PAUSE_SECONDS ? "met" : "missed",
                seconds(longestGatewayPause),
                !all.isEmpty() && gatewayErrorCount == 0 ? "met" : "missed",
                gatewayErrorCount,
                lost == 0 ? "met" : "missed",
                unsuccessful == 0 && aborted.isEmpty() ? "met" : "missed",
                crowded == 0 ? "met" : "missed: " + crowded + " of " + all.size() + " requests started more");
        String errors = errorLines(all);
        System.out.println(table);
        System.out.println(goals);
        System.out.print(errors);
        problems.forEach(problem -> System.out.println("problem: " + problem));

        Map<String, Object> results = new LinkedHashMap<>();
        results.put("rounds", rounds);
        results.put("goalPauseSeconds", GOAL_PAUSE_SECONDS);
        results.put(
                "switchover",
                switchovers.stream().map(OperationMeasurement::asJson).toList());
        results.put(
                "rollingUpdate",
                updates.stream().map(OperationMeasurement::asJson).toList());
        results.put("problems", problems);
        BenchmarkResults.write(repository, "operations", results);
        BenchmarkReport.update(repository.resolve("docs/benchmarks.md"), "operations", """
                ## Operations: switchover and rolling update under load

                Command: `bin/bench operations --rounds %d` (%s, %d cores). A 3-member cluster with synchronous \
                replication (`ANY 1` of the replicas) and one gateway member, made with `marina up` and `marina \
                apply`, takes writes from two sets of %d JDBC writers at once (one autocommitted INSERT each at a \
                time): *direct*, through a URL listing every member with `targetServerType=primary`, and \
                *gateway*, through the gateway's read-write port (transaction pooling, default settings). Each round does two operations, each after full redundancy and %d \
                more acknowledged writes: (a) a switchover with no target, asked for with `POST \
                /api/v1/operations`, and (b) the spec applied again (`POST /api/v1/apply`) with `shared_buffers` \
                toggled between 32MB and 40MB, upon which the control plane starts a `rolling-update` operation by \
                itself. The window of an operation runs from the request (for the rolling update, the apply) until \
                the benchmark sees every operation started since the request finished (polled every 50 ms; an \
                operation the control plane adds on its own counts against the request). Longest write pause: the \
                longest interval in the window in which no writer got an acknowledgement. Failed writes: failed \
                attempts in the window, the errors the application sees (a writer retries 20 ms after a failure, on a \
                new connection). Lost: \
                acknowledged ids missing from the primary at the end. Duration: from the operation's creation to \
                its end, by the control plane's own timestamps. After each operation the cluster is awaited back at \
                full redundancy (every member follows the primary with its newest rows) before the writers stop.

                %s
                %s
                %s%s""".formatted(
                        rounds,
                        Instant.now().toString().substring(0, 10),
                        Runtime.getRuntime().availableProcessors(),
                        WriteLoad.WRITER_THREADS,
                        OperationRound.WRITES_BEFORE,
                        table,
                        goals,
                        errors,
                        problems.isEmpty() ? "" : "\nProblems seen:\n\n- " + String.join("\n- ", problems) + "\n"));
        return problems.isEmpty();
    }

    /** The most frequent client errors on each path, over every measurement; nothing when there were none. */
    private static String errorLines(List<OperationMeasurement> measurements) {
        StringBuilder text = new StringBuilder();
        for (String path : List.of(ClientMeasurement.DIRECT, ClientMeasurement.GATEWAY)) {
            Map<String, Long> errors = Errors.sum(measurements.stream()
                    .flatMap(measurement -> measurement.client(path).stream())
                    .map(ClientMeasurement::errors)
                    .toList());
            if (!errors.isEmpty()) {
                text.append("\nClient errors ").append(path).append(", most frequent first:\n\n");
                Errors.lines(errors, 5)
                        .forEach(line -> text.append("- ").append(line).append('\n'));
            }
        }
        return text.toString();
    }

    /** One row per path of the writers, in the order they were measured. */
    private static String rows(String operation, List<OperationMeasurement> measurements) {
        StringBuilder rows = new StringBuilder();
        List<String> paths = measurements.stream()
                .flatMap(measurement -> measurement.clients().stream())
                .map(ClientMeasurement::path)
                .distinct()
                .toList();
        for (String path : paths) {
            rows.append(row(operation, path, measurements));
        }
        return rows.toString();
    }

    private static String row(String operation, String path, List<OperationMeasurement> measurements) {
        List<Double> pauses = pauses(measurements, path);
        List<Double> failures = failures(measurements, path);
        List<Double> durations = measurements.stream()
                .flatMap(measurement -> measurement.durationSeconds().stream())
                .toList();
        List<ClientMeasurement> clients = measurements.stream()
                .flatMap(measurement -> measurement.client(path).stream())
                .toList();
        return String.format(
                Locale.ROOT,
                "| %s | %s | %s | %s | %s | %.0f | %d of %d | %s | %s |%n",
                operation,
                path,
                seconds(Statistics.median(pauses)),
                seconds(Statistics.max(pauses)),
                count(Statistics.median(failures)),
                Statistics.max(failures),
                clients.stream().mapToInt(ClientMeasurement::lost).sum(),
                clients.stream().mapToInt(ClientMeasurement::acknowledged).sum(),
                seconds(Statistics.median(durations)),
                seconds(Statistics.max(durations)));
    }

    private static List<Double> pauses(List<OperationMeasurement> measurements, String path) {
        return measurements.stream()
                .flatMap(measurement -> measurement.client(path).stream())
                .map(ClientMeasurement::pauseSeconds)
                .toList();
    }

    private static List<Double> failures(List<OperationMeasurement> measurements, String path) {
        return measurements.stream()
                .flatMap(measurement -> measurement.client(path).stream())
                .map(client -> (double) client.failedWrites())
                .toList();
    }

    /** A median of counts is a half when the rounds are even. */
    private static String count(double value) {
        return value == Math.rint(value)
                ? String.format(Locale.ROOT, "%.0f", value)
                : String.format(Locale.ROOT, "%.1f", value);
    }

    private static String seconds(double value) {
        return String.format(Locale.ROOT, "%.2f s", value);
    }
}
