package dev.marina.bench;

import static dev.marina.bench.OperatorBenchmark.format;
import static dev.marina.bench.OperatorBenchmark.median;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/** The operator benchmark's tables, goal line and docs/benchmarks.md section, from its rounds. */
final class OperatorReport {

    private final OperatorOptions options;
    private final List<OperatorRound> rounds;
    private final MockServerFloor.Result floor;
    private final Duration timeout;
    private final double goalSeconds;
    private final long goalMebibytes;

    OperatorReport(
            OperatorOptions options,
            List<OperatorRound> rounds,
            MockServerFloor.Result floor,
            Duration timeout,
            double goalSeconds,
            long goalMebibytes) {
        this.options = options;
        this.rounds = List.copyOf(rounds);
        this.floor = floor;
        this.timeout = timeout;
        this.goalSeconds = goalSeconds;
        this.goalMebibytes = goalMebibytes;
    }

    String tables() {
        StringBuilder table = new StringBuilder();
        table.append("| ").append(options.clusters()).append(" clusters × 3 members | median | min | max |\n");
        table.append("|---|---|---|---|\n");
        row(table, "clusters Ready at the end", "%.0f", OperatorRound::ready);
        row(table, "creates: first to last returned", "%.1f s", OperatorRound::createSeconds);
        row(
                table,
                "first create until every cluster reconciled (observedGeneration = generation)",
                "%.1f s",
                OperatorRound::reconciledSeconds);
        row(
                table,
                "first create until every cluster Ready (3 of 3 members ready)",
                "%.1f s",
                OperatorRound::readySeconds);
        row(table, "objects in the namespace at the end", "%.0f", round -> round.totalObjects());
        row(table, "operator: requests to the API server", "%.0f", round -> round.requests("operator"));
        row(
                table,
                "operator: requests per cluster",
                "%.1f",
                round -> round.requests("operator") / (double) round.clusters());
        row(table, "operator: CPU (user + system)", "%.1f s", OperatorRound::operatorCpuSeconds);
        row(
                table,
                "operator: peak heap in use after a collection (-Xmx" + options.heap() + ")",
                "%.0f MiB",
                round -> round.peakHeapAfterCollectionMebibytes());
        row(
                table,
                "operator: heap in use after a full collection at the end",
                "%.0f MiB",
                round -> round.heapAfterFullCollectionMebibytes());
        row(table, "operator: peak resident set (VmHWM)", "%.0f MiB", round -> round.peakResidentMebibytes());
        row(table, "mock API server: requests answered, all clients", "%.0f", round -> round.totalRequests());
        row(
                table,
                "mock API server: requests per second over the round",
                "%.0f",
                round -> round.totalRequests() / round.windowSeconds());
        row(
                table,
                "mock API server: time answering ÷ wall time",
                "%.2f",
                round -> round.mockServerBusySeconds() / round.windowSeconds());
        row(
                table,
                "mock API server: its event loop's CPU ÷ wall time (1.00: one core, all the time)",
                "%.2f",
                round -> round.mockServerEventLoopCpuSeconds() / round.windowSeconds());
        row(
                table,
                "bench JVM (mock API server, mock controllers, watch): CPU",
                "%.1f s",
                OperatorRound::mockServerJvmCpuSeconds);
        table.append('\n');
        table.append(format(
                "The mock API server alone, no operator, on the same (%s) store: the %d clusters' DatabaseClusters and"
                        + " every object the operator makes for them (%d writes, none of the operator's reads, state or"
                        + " status), created by a plain client %s: %.1f s, %.0f writes per second, %.2f ms answering"
                        + " each. %s%n%n",
                floor.store().option(),
                floor.clusters(),
                floor.writes(),
                "64 at a time",
                floor.seconds(),
                floor.writesPerSecond(),
                floor.millisecondsAnsweringEach(),
                rounds.stream().allMatch(OperatorRound::allReady)
                        ? format(
                                "The operator's time to Ready ÷ this: %.1f.",
                                median(rounds, OperatorRound::readySeconds) / floor.seconds())
                        : format(
                                "That alone is %.1f times the goal of %.0f s.",
                                floor.seconds() / goalSeconds, goalSeconds)));
        table.append(trafficTable(medianRound()));
        return table.toString();
    }

    String goals() {
        double ready = median(rounds, OperatorRound::readySeconds);
        double heap = median(rounds, round -> round.peakHeapAfterCollectionMebibytes());
        boolean allReady = rounds.stream().allMatch(OperatorRound::allReady);
        String time = allReady
                ? format("%s (median %.1f s until every cluster Ready)", ready < goalSeconds ? "met" : "missed", ready)
                : format(
                        "missed (not every cluster was Ready within %d s of the first create: %s ready)",
                        timeout.toSeconds(),
                        String.join(
                                ", ",
                                rounds.stream()
                                        .map(round -> round.ready() + " of " + round.clusters())
                                        .toList()));
        // A heap measured while most clusters were still waiting says little about the heap all of them need.
        String memory = allReady
                ? format(
                        "%s (median peak heap after a collection %.0f MiB, in a JVM limited to -Xmx%s)",
                        heap < goalMebibytes ? "met" : "missed", heap, options.heap())
                : format(
                        "not judged, since not every cluster was reconciled (median peak heap after a collection so"
                                + " far %.0f MiB, in a JVM limited to -Xmx%s)",
                        heap, options.heap());
        return format("Goals: under %.0f s: %s; under %d MiB: %s.", goalSeconds, time, goalMebibytes, memory);
    }

    String section(String date, int cores) {
        return """
                ## Operator: %d DatabaseClusters on the mock API server

                Command: `bin/bench operator%s` (%s, %d cores). fabric8's mock API server (KubernetesMockServer %s, \
                CRUD mode, plain HTTP on 127.0.0.1) runs in the bench's JVM with the CRDs of deploy/crds and the \
                testkit's mock pod and volume controllers (pods Ready, claims Bound, each polling every 50 ms; not the \
                garbage collector: nothing is deleted). %s The operator runs in its own JVM (`java -Xmx%s`, \
                `dev.marina.bench.FakeMemberOperatorMain`): the real `MarinaOperator` and `ClusterController` with the \
                control core behind them (store, Kubernetes runtime, health monitor, reconciler; at most 100 passes at \
                once, each on a virtual thread), every namespace, no leader election, log level INFO; only the engine is the testkit's \
                fake and the agents in the pods are the operator tests' fake agents (one loopback HTTP server, each \
                member under its own path), since the mock server runs no containers. Every agent call and engine probe \
                still goes over HTTP; the fakes' state is in the operator's heap. It is awaited ready before the first \
                create. The bench then creates %d three-member clusters of the fake engine in one namespace, one after \
                the other, and watches them: reconciled is a status whose observedGeneration is the generation (the \
                control core writes one between the rounds of its first pass); Ready is the Ready condition True: a \
                primary that accepts writes and both replicas streaming. Heap: the largest heap in use after any \
                collection in the operator's JVM (`-Xlog:gc`), and after a full collection (`jcmd PID GC.run`) once the \
                round is over. CPU: user plus system time from `/proc/PID/stat`. Requests are counted inside the mock \
                server's dispatcher, by client (the bench's clients name themselves in their User-Agent) and verb, with \
                the time spent answering them. %d round(s), each with a fresh mock server and operator; medians. Raw \
                numbers: `bench-results/operator.json`; the operator's log and GC log: `bench-results/operator-round-N/`.

                %s
                %s
                """.formatted(
                        options.clusters(),
                        arguments(),
                        date,
                        cores,
                        fabric8Version(),
                        storeDescription(),
                        options.heap(),
                        options.clusters(),
                        options.rounds(),
                        tables(),
                        goals());
    }

    /** Which store the mock server kept its objects in, and why the bench does not use fabric8's own by default. */
    private String storeDescription() {
        String fabric8Store = "it tests every stored object against every request, under one lock, so a request's time"
                + " grows with all the objects stored: the floor below (the writes alone) took 267 s for 1,000"
                + " clusters on fabric8's store (75 writes per second, 12 ms answering each on average; `bin/bench"
                + " operator --floor-only --store fabric8`, 2026-11-21), against 25 s (805 writes per second, 0.35 ms"
                + " each) on the indexed one.";
        return switch (options.store()) {
            case INDEXED ->
                "The mock server keeps its objects in the testkit's indexed store, `IndexedCrudDispatcher`: fabric8's"
                        + " store with its own handlers, watches and definitions, which finds the objects a request can"
                        + " match by name, namespace and plural instead of testing every one, and answers the same"
                        + " (marina-testkit's contract tests compare its answers and watch events with fabric8's; the"
                        + " operator's tier-2 scenarios pass on both). Not fabric8's own store, since " + fabric8Store;
            case FABRIC8 ->
                "The mock server keeps its objects in fabric8's own store (`--store fabric8`,"
                        + " `KubernetesCrudDispatcher`), not in the testkit's indexed one, the default: "
                        + fabric8Store;
        };
    }

    private String arguments() {
        List<String> arguments = new ArrayList<>();
        if (options.clusters() != OperatorOptions.DEFAULT_CLUSTERS) {
            arguments.add("--clusters " + options.clusters());
        }
        if (options.rounds() != OperatorOptions.DEFAULT_ROUNDS) {
            arguments.add("--rounds " + options.rounds());
        }
        if (options.store() != OperatorOptions.DEFAULT_STORE) {
            arguments.add("--store " + options.store().option());
        }
        return arguments.isEmpty() ? "" : " " + String.join(" ", arguments);
    }

    private static String fabric8Version() {
        String version =
                io.fabric8.kubernetes.client.KubernetesClient.class.getPackage().getImplementationVersion();
        return version == null ? "7" : version;
    }

    private void row(StringBuilder table, String label, String pattern, ToDoubleFunction<OperatorRound> value) {
        List<Double> values =
                rounds.stream().map(round -> value.applyAsDouble(round)).toList();
        table.append("| ")
                .append(label)
                .append(" | ")
                .append(cell(pattern, Statistics.median(values)))
                .append(" | ")
                .append(cell(pattern, Statistics.min(values)))
                .append(" | ")
                .append(cell(pattern, Statistics.max(values)))
                .append(" |\n");
    }

    private static String cell(String pattern, double value) {
        return Double.isNaN(value) ? "–" : format(pattern, value);
    }

    /** The round in the middle by time to Ready (a round that did not finish counts as the slowest). */
    private OperatorRound medianRound() {
        List<OperatorRound> sorted = rounds.stream()
                .sorted(Comparator.comparingDouble(
                        round -> Double.isNaN(round.readySeconds()) ? Double.MAX_VALUE : round.readySeconds()))
                .toList();
        return sorted.get(sorted.size() / 2);
    }

    /** One round's mock API server traffic by client and verb (the median round by time to Ready). */
    private static String trafficTable(OperatorRound round) {
        StringBuilder table = new StringBuilder();
        table.append("Mock API server traffic in one round, by client and verb:\n\n");
        table.append("| client | verb | requests | per second | mean time answering | share of wall time |\n");
        table.append("|---|---|---|---|---|---|\n");
        Map<String, MockApiTraffic.Counts> sorted = new TreeMap<>(round.traffic());
        sorted.forEach((key, counts) -> {
            String[] parts = key.split(" ", 2);
            table.append(format(
                    "| %s | %s | %d | %.0f | %.2f ms | %.2f |%n",
                    parts[0],
                    parts[1],
                    counts.requests(),
                    counts.requests() / round.windowSeconds(),
                    counts.nanoseconds() / 1e6 / Math.max(1, counts.requests()),
                    counts.nanoseconds() / 1e9 / round.windowSeconds()));
        });
        return table.toString();
    }
}
