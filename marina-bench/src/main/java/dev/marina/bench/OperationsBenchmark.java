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
 * both alike; the rolling update toggles {@code shared_buffers}, which PostgreSQL applies only after a restart.
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
        MarinaCluster orders = MarinaCluster.create(controlPlane, sharedBuffers(0));
        ClusterOperations operations = new ClusterOperations(controlPlane);
        JdbcWriter.createTable(orders.primaryUrl(), orders.user(), orders.password());
        ApplicationUserRedundancy redundancy = started.add(
                new ApplicationUserRedundancy(orders.endpoints(), orders.user(), orders.password(), orders.database()));
        LoadTarget target = new LoadTarget(orders.primaryUrl(), orders.user(), orders.password(), redundancy);

        long firstId = IDS_PER_MEASUREMENT;
        for (int round = 1; round <= rounds; round++) {
            try {
                OperationMeasurement switchover = OperationRound.run(
                        SWITCHOVER, target, firstId, orders, operations, () -> operations.create(SWITCHOVER));
                firstId += IDS_PER_MEASUREMENT;
                switchovers.add(switchover);
                printEvents(orders);
                progress(round, switchover);

                Map<String, String> config = sharedBuffers(round);
                OperationMeasurement update = OperationRound.run(
                        ROLLING_UPDATE, target, firstId, orders, operations, () -> orders.reapply(config));
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
                "round %d/%d: %s %s %s in %s: longest write pause %.2f s, %d failed writes, %d acknowledged, %d lost",
                round,
                rounds,
                measurement.type(),
                measurement.name(),
                measurement.phase(),
                measurement.durationSeconds().map(OperationsBenchmark::seconds).orElse("(unfinished)"),
                measurement.pauseSeconds(),
                measurement.failedWrites(),
                measurement.acknowledged(),
                measurement.lost());
        measurement.problems().forEach(problem -> Progress.print("    problem: %s", problem));
    }

    private boolean report(
            List<OperationMeasurement> switchovers, List<OperationMeasurement> updates, List<String> aborted)
            throws Exception {
        List<OperationMeasurement> all = new ArrayList<>(switchovers);
        all.addAll(updates);
        double longestPause = Statistics.max(pauses(all));
        int lost = all.stream().mapToInt(OperationMeasurement::lost).sum();
        long unsuccessful =
                all.stream().filter(measurement -> !measurement.succeeded()).count();
        String table = String.format(
                        Locale.ROOT,
                        "| operation under load | longest write pause: median | max | failed writes: median | max |"
                                + " acknowledged writes lost | operation duration: median | max |%n"
                                + "|---|---|---|---|---|---|---|---|%n")
                + row(
                        "switchover, no target: clean stop of the primary, promotion of the best replica, the old"
                                + " primary rejoins",
                        switchovers)
                + row(
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
                "Goals: every write pause under %.0f s (%s, longest %s), no acknowledged write lost (%s), every"
                        + " operation succeeded (%s), one operation per request (%s).",
                GOAL_PAUSE_SECONDS,
                !all.isEmpty() && longestPause < GOAL_PAUSE_SECONDS ? "met" : "missed",
                seconds(longestPause),
                lost == 0 ? "met" : "missed",
                unsuccessful == 0 && aborted.isEmpty() ? "met" : "missed",
                crowded == 0 ? "met" : "missed: " + crowded + " of " + all.size() + " requests started more");
        System.out.println(table);
        System.out.println(goals);
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
                replication (`ANY 1` of the replicas), made with `marina up` and `marina apply`, takes writes from \
                %d JDBC writers (one autocommitted INSERT each at a time, through a URL listing every member with \
                `targetServerType=primary`). Each round does two operations, each after full redundancy and %d \
                more acknowledged writes: (a) a switchover with no target, asked for with `POST \
                /api/v1/operations`, and (b) the spec applied again (`POST /api/v1/apply`) with `shared_buffers` \
                toggled between 32MB and 40MB, upon which the control plane starts a `rolling-update` operation by \
                itself. The window of an operation runs from the request (for the rolling update, the apply) until \
                the benchmark sees every operation started since the request finished (polled every 50 ms; an \
                operation the control plane adds on its own counts against the request). Longest write pause: the \
                longest interval in the window in which no writer got an acknowledgement. Failed writes: failed \
                attempts in the window (a writer retries 20 ms after a failure, on a new connection). Lost: \
                acknowledged ids missing from the primary at the end. Duration: from the operation's creation to \
                its end, by the control plane's own timestamps. After each operation the cluster is awaited back at \
                full redundancy (every member follows the primary with its newest rows) before the writers stop.

                %s
                %s
                %s""".formatted(
                        rounds,
                        Instant.now().toString().substring(0, 10),
                        Runtime.getRuntime().availableProcessors(),
                        WriteLoad.WRITER_THREADS,
                        OperationRound.WRITES_BEFORE,
                        table,
                        goals,
                        problems.isEmpty() ? "" : "\nProblems seen:\n\n- " + String.join("\n- ", problems) + "\n"));
        return problems.isEmpty();
    }

    private static String row(String operation, List<OperationMeasurement> measurements) {
        List<Double> pauses = pauses(measurements);
        List<Double> failures = measurements.stream()
                .map(measurement -> (double) measurement.failedWrites())
                .toList();
        List<Double> durations = measurements.stream()
                .flatMap(measurement -> measurement.durationSeconds().stream())
                .toList();
        return String.format(
                Locale.ROOT,
                "| %s | %s | %s | %s | %.0f | %d of %d | %s | %s |%n",
                operation,
                seconds(Statistics.median(pauses)),
                seconds(Statistics.max(pauses)),
                count(Statistics.median(failures)),
                Statistics.max(failures),
                measurements.stream().mapToInt(OperationMeasurement::lost).sum(),
                measurements.stream()
                        .mapToInt(OperationMeasurement::acknowledged)
                        .sum(),
                seconds(Statistics.median(durations)),
                seconds(Statistics.max(durations)));
    }

    private static List<Double> pauses(List<OperationMeasurement> measurements) {
        return measurements.stream().map(OperationMeasurement::pauseSeconds).toList();
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
