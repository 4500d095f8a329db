package dev.marina.bench;

import dev.marina.testkit.chaos.Fault;
import dev.marina.testkit.chaos.JdbcWriter;
import dev.marina.testkit.chaos.PostgresRedundancy;
import dev.marina.testkit.chaos.ProcessFaults;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Seconds of refused writes and acknowledged writes lost after kill -9 of the primary under load: Marina's automatic
 * failover of a 3-member synchronous cluster, against the floor of a promotion by hand with no detection delay, in
 * the same run. Rounds alternate between the two, on the same two clusters, so that machine noise hits both alike;
 * the killed member rejoins (Marina) or is copied again (floor) before the next round.
 */
final class FailoverBenchmark {

    /** Each round writes ids from its own block, so that the rounds on one table never reuse an id. */
    private static final long IDS_PER_ROUND = 1_000_000_000L;

    private static final double GOAL_MEDIAN_GAP_SECONDS = 2;
    private static final double GOAL_MAX_GAP_SECONDS = 5;

    private final Path repository;
    private final int rounds;

    FailoverBenchmark(Path repository, int rounds) {
        this.repository = repository;
        this.rounds = rounds;
    }

    /** Runs every round, prints the table and writes the results; false when a promise was broken. */
    boolean run() throws Exception {
        List<RoundMeasurement> marina = new ArrayList<>();
        List<RoundMeasurement> floor = new ArrayList<>();
        try (StartedResources started = new StartedResources()) {
            measure(started, marina, floor);
        }
        return report(marina, floor);
    }

    private void measure(StartedResources started, List<RoundMeasurement> marina, List<RoundMeasurement> floor)
            throws Exception {
        Progress.print(
                "starting the control plane and creating cluster %s (marina up, marina apply)", MarinaCluster.NAME);
        MarinaControlPlane controlPlane = started.add(MarinaControlPlane.up(repository));
        // Closed before the control plane, so the log survives the home: it is the evidence when a round goes wrong.
        started.add(() -> controlPlane.keepServerLog(repository.resolve("bench-results/failover-server.log")));
        MarinaCluster orders = MarinaCluster.create(controlPlane);
        Progress.print("building the floor cluster by hand (initdb, pg_basebackup)");
        HandBuiltCluster byHand =
                started.add(new HandBuiltCluster(controlPlane.home().resolve("by-hand")));
        byHand.create();
        HandFailover handFailover = new HandFailover(byHand);

        JdbcWriter.createTable(orders.primaryUrl(), orders.user(), orders.password());
        String floorUrl = byHand.primaryUrl("postgres");
        JdbcWriter.createTable(floorUrl, HandBuiltCluster.SUPERUSER, HandBuiltCluster.PASSWORD);
        ApplicationUserRedundancy marinaRedundancy = started.add(
                new ApplicationUserRedundancy(orders.endpoints(), orders.user(), orders.password(), orders.database()));
        PostgresRedundancy floorRedundancy = started.add(
                new PostgresRedundancy(byHand.endpoints(), HandBuiltCluster.SUPERUSER, HandBuiltCluster.PASSWORD));
        LoadTarget marinaTarget =
                new LoadTarget(orders.primaryUrl(), orders.user(), orders.password(), marinaRedundancy);
        LoadTarget floorTarget =
                new LoadTarget(floorUrl, HandBuiltCluster.SUPERUSER, HandBuiltCluster.PASSWORD, floorRedundancy);

        for (int round = 1; round <= rounds; round++) {
            RoundMeasurement marinaRound =
                    ChaosRound.run(marinaTarget, round * IDS_PER_ROUND, faults -> killPrimary(orders, faults), true);
            marina.add(marinaRound);
            for (String event : orders.newEvents()) {
                System.err.println("    marina: " + event);
            }
            RoundMeasurement floorRound =
                    ChaosRound.run(floorTarget, round * IDS_PER_ROUND, handFailover::killAndPromote, false);
            floor.add(floorRound);
            handFailover.rebuildKilled();
            Progress.print(
                    "round %d/%d: marina gap %.2f s (%d acknowledged by the old primary after the kill), back to"
                            + " full redundancy %s, %d acknowledged, %d lost | floor gap %.2f s (%d), %d acknowledged,"
                            + " %d lost",
                    round,
                    rounds,
                    marinaRound.gapSeconds(),
                    marinaRound.gap().oldEpochAfterFault(),
                    marinaRound
                            .redundancySeconds()
                            .map(FailoverBenchmark::seconds)
                            .orElse("never"),
                    marinaRound.acknowledged(),
                    marinaRound.lost(),
                    floorRound.gapSeconds(),
                    floorRound.gap().oldEpochAfterFault(),
                    floorRound.acknowledged(),
                    floorRound.lost());
            marinaRound.problems().forEach(problem -> Progress.print("    marina problem: %s", problem));
            floorRound.problems().forEach(problem -> Progress.print("    floor problem: %s", problem));
        }
    }

    /** Prints the wall-clock time of the kill next to Marina's events, so the delay until it acted can be read off. */
    private static Fault killPrimary(MarinaCluster orders, ProcessFaults faults)
            throws IOException, InterruptedException {
        long pid = orders.primaryPid();
        Fault fault = faults.kill9(pid);
        Progress.print("    marina: %s kill -9 of the primary's postmaster (pid %d)", Instant.now(), pid);
        return fault;
    }

    private boolean report(List<RoundMeasurement> marina, List<RoundMeasurement> floor) throws Exception {
        List<Double> marinaGaps =
                marina.stream().map(RoundMeasurement::gapSeconds).toList();
        List<Double> floorGaps =
                floor.stream().map(RoundMeasurement::gapSeconds).toList();
        List<Double> redundancy = marina.stream()
                .flatMap(round -> round.redundancySeconds().stream())
                .toList();
        int marinaLost = marina.stream().mapToInt(RoundMeasurement::lost).sum();
        int floorLost = floor.stream().mapToInt(RoundMeasurement::lost).sum();
        long unfinished = marina.stream()
                .filter(round -> round.redundancySeconds().isEmpty())
                .count();
        double marinaMedian = Statistics.median(marinaGaps);
        double floorMedian = Statistics.median(floorGaps);
        String table = String.format(
                Locale.ROOT,
                "| kill -9 of the primary's postmaster under load | refused writes: median | max |"
                        + " ratio of medians | acknowledged writes lost | back to full redundancy: median | max |%n"
                        + "|---|---|---|---|---|---|---|%n"
                        + "| Marina: automatic failover (probe every 250 ms, 4 misses) | %.2f s | %.2f s | %.2f |"
                        + " %d of %d | %s | %s |%n"
                        + "| floor: at once by hand, pg_promote() on the most advanced replica, repoint the other,"
                        + " reload | %.2f s | %.2f s | 1.00 | %d of %d | not measured | not measured |%n",
                marinaMedian,
                Statistics.max(marinaGaps),
                marinaMedian / floorMedian,
                marinaLost,
                acknowledged(marina),
                redundancy.isEmpty() ? "never" : seconds(Statistics.median(redundancy)),
                redundancy.isEmpty() ? "never" : seconds(Statistics.max(redundancy)) + redundancyFootnote(unfinished),
                floorMedian,
                Statistics.max(floorGaps),
                floorLost,
                acknowledged(floor));
        List<String> problems = new ArrayList<>();
        marina.forEach(round -> round.problems().forEach(problem -> problems.add("Marina: " + problem)));
        floor.forEach(round -> round.problems().forEach(problem -> problems.add("floor: " + problem)));
        String goals = String.format(
                Locale.ROOT,
                "Goals: median refused-write gap under %.0f s (%s), longest under %.0f s (%s), no acknowledged write"
                        + " lost (%s).",
                GOAL_MEDIAN_GAP_SECONDS,
                marinaMedian < GOAL_MEDIAN_GAP_SECONDS ? "met" : "missed",
                GOAL_MAX_GAP_SECONDS,
                Statistics.max(marinaGaps) < GOAL_MAX_GAP_SECONDS ? "met" : "missed",
                marinaLost == 0 ? "met" : "missed");
        System.out.println(table);
        System.out.println(goals);
        problems.forEach(problem -> System.out.println("problem: " + problem));

        Map<String, Object> results = new LinkedHashMap<>();
        results.put("rounds", rounds);
        results.put("marinaMedianGapSeconds", marinaMedian);
        results.put("floorMedianGapSeconds", floorMedian);
        results.put("marina", marina.stream().map(RoundMeasurement::asJson).toList());
        results.put("floor", floor.stream().map(RoundMeasurement::asJson).toList());
        BenchmarkResults.write(repository, "failover", results);
        BenchmarkReport.update(repository.resolve("docs/benchmarks.md"), "failover", """
                ## Failover: kill -9 of the primary under load

                Command: `bin/bench failover --rounds %d` (%s, %d cores). A 3-member cluster with synchronous \
                replication (`ANY 1` of the replicas) takes writes from %s; each round waits for full redundancy, \
                lets the load run for a random 300 to 1,500 more acknowledged writes, then sends SIGKILL to the primary's postmaster. Refused \
                writes: from the last acknowledgement on the old timeline to the first on the new one (a write sent \
                just after the kill may still be acknowledged by the old primary's surviving backends, so the first \
                acknowledgement after the kill does not mean the failover is done). Lost: acknowledged ids missing from the new primary. Full redundancy: every other member \
                runs a WAL receiver and shows the rows the new primary committed on its new timeline (judged with \
                the application user's rights, since Marina hands out no superuser password). Rounds alternate \
                between Marina and the floor, each on its own cluster, in the same run; the Marina cluster is made \
                with `marina up` and `marina apply`, and its old primary rejoins by itself between rounds.

                %s
                %s
                %s""".formatted(
                        rounds,
                        Instant.now().toString().substring(0, 10),
                        Runtime.getRuntime().availableProcessors(),
                        "4 JDBC writers (one autocommitted INSERT each at a time, through a URL listing every member"
                                + " with `targetServerType=primary`)",
                        table,
                        goals,
                        problems.isEmpty() ? "" : "\nProblems seen:\n\n- " + String.join("\n- ", problems) + "\n"));
        return problems.isEmpty();
    }

    private static int acknowledged(List<RoundMeasurement> rounds) {
        return rounds.stream().mapToInt(RoundMeasurement::acknowledged).sum();
    }

    private static String redundancyFootnote(long unfinished) {
        return unfinished == 0 ? "" : " (" + unfinished + " round(s) never got there)";
    }

    private static String seconds(double value) {
        return String.format(Locale.ROOT, "%.2f s", value);
    }
}
