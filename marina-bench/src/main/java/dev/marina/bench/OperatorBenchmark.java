package dev.marina.bench;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The operator with N DatabaseClusters on the mock API server: time until every cluster is reconciled and Ready, and
 * the operator's heap, resident memory and CPU, in rounds of a fresh server and operator each ({@link
 * OperatorRoundRunner}). The mock API server's own share is measured alongside (requests by client and verb, and its
 * time answering them), since on one machine the two compete and the server may be what bounds the time.
 */
final class OperatorBenchmark {

    private static final double GOAL_SECONDS = 60;
    private static final long GOAL_MEBIBYTES = 512;

    private final Path repository;
    private final OperatorOptions options;

    OperatorBenchmark(Path repository, OperatorOptions options) {
        this.repository = repository;
        this.options = options;
    }

    /** Runs the rounds and reports; false when a round ended with a cluster not Ready. */
    boolean run() throws Exception {
        if (options.floorOnly()) {
            printFloor(measureFloor());
            return true;
        }
        OperatorRoundRunner runner = new OperatorRoundRunner(repository, options, ProcessCpu.ofThisSystem());
        List<OperatorRound> rounds = new ArrayList<>();
        for (int round = 1; round <= options.rounds(); round++) {
            Progress.print("round %d: %d clusters", round, options.clusters());
            OperatorRound measured = runner.run(round);
            rounds.add(measured);
            Progress.print(
                    "round %d: %d of %d ready, all reconciled after %.1f s, all ready after %.1f s, peak heap after GC"
                            + " %d MiB",
                    round,
                    measured.ready(),
                    measured.clusters(),
                    measured.reconciledSeconds(),
                    measured.readySeconds(),
                    measured.peakHeapAfterCollectionMebibytes());
        }
        MockServerFloor.Result floor = measureFloor();
        OperatorReport report =
                new OperatorReport(options, rounds, floor, runner.timeout(), GOAL_SECONDS, GOAL_MEBIBYTES);
        String tables = report.tables();
        String goals = report.goals();
        System.out.println(tables);
        System.out.println(goals);
        BenchmarkResults.write(repository, "operator", results(rounds, floor));
        BenchmarkReport.update(
                repository.resolve("docs/benchmarks.md"),
                "operator",
                report.section(
                        Instant.now().toString().substring(0, 10),
                        Runtime.getRuntime().availableProcessors()));
        return rounds.stream().allMatch(OperatorRound::allReady);
    }

    private MockServerFloor.Result measureFloor() throws Exception {
        Progress.print(
                "the mock API server alone (%s store): %d clusters' objects written by a plain client",
                options.store().option(), options.clusters());
        MockServerFloor.Result floor = MockServerFloor.measure(repository, options.clusters(), options.store());
        Progress.print("  %d writes in %.1f s", floor.writes(), floor.seconds());
        return floor;
    }

    private static void printFloor(MockServerFloor.Result floor) {
        System.out.println(format(
                "The mock API server alone on the %s store: %d clusters' objects, %d writes in %.1f s, %.0f writes per"
                        + " second, %.2f ms answering each.",
                floor.store().option(),
                floor.clusters(),
                floor.writes(),
                floor.seconds(),
                floor.writesPerSecond(),
                floor.millisecondsAnsweringEach()));
    }

    private Map<String, Object> results(List<OperatorRound> rounds, MockServerFloor.Result floor) {
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("clusters", options.clusters());
        results.put("membersPerCluster", 3);
        results.put("rounds", options.rounds());
        results.put("operatorHeap", options.heap());
        results.put("mockApiStore", options.store().option());
        results.put("readySecondsMedian", median(rounds, OperatorRound::readySeconds));
        results.put("reconciledSecondsMedian", median(rounds, OperatorRound::reconciledSeconds));
        results.put(
                "peakHeapAfterCollectionMebibytesMedian",
                median(rounds, round -> round.peakHeapAfterCollectionMebibytes()));
        results.put("measurements", rounds);
        results.put("mockServerFloor", floor);
        return results;
    }

    static double median(List<OperatorRound> rounds, ToDoubleFunction<OperatorRound> value) {
        return Statistics.median(
                rounds.stream().map(round -> value.applyAsDouble(round)).toList());
    }

    static String format(String pattern, Object... arguments) {
        return String.format(Locale.ROOT, pattern, arguments);
    }
}
