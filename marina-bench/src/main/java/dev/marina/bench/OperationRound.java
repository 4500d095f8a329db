package dev.marina.bench;

import dev.marina.testkit.chaos.AckLog;
import dev.marina.testkit.chaos.ChaosReport;
import dev.marina.testkit.chaos.Fault;
import dev.marina.testkit.chaos.FaultLog;
import dev.marina.testkit.chaos.RedundancyProbe;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One operation under load: writers run, the cluster is fully redundant and the load flows, the operation is asked for
 * and followed until it and whatever else the request started have ended, the cluster is awaited back at full
 * redundancy and the writers run on a little, so that the checker sees writes come back. The testkit's checker then
 * finds lost writes and split brain from what the clients saw and what the primary holds; {@link OperationWindow}
 * measures the pause and the errors.
 */
final class OperationRound {

    /** A rolling update restarts every member in turn; on 2 cores under load that takes seconds, not minutes. */
    private static final Duration OPERATION_TIMEOUT = Duration.ofMinutes(3);

    /** How long the cluster may take to be fully redundant, before the operation and after it. */
    private static final Duration REDUNDANCY_TIMEOUT = Duration.ofMinutes(2);

    /** Acknowledged writes before the request (about half a second here): the load flows when the operation starts. */
    static final long WRITES_BEFORE = 500;

    /** Ids each path's writers may use within one measurement. */
    static final long IDS_PER_PATH = 100_000_000L;

    /** Acknowledged writes after the end, so that writes are seen to come back after the operation. */
    private static final long WRITES_AFTER = 200;

    /** Asks for the operation, or makes the change that implies it. */
    @FunctionalInterface
    interface Request {
        void send() throws Exception;
    }

    private OperationRound() {}

    /**
     * @param type the type of the operation the request asks for or implies
     * @param paths where each path's writers go, by path name, in report order; the first judges redundancy
     * @param firstId the first id the writers use; measurements on one table must not reuse ids, and each path takes
     *     its own block of {@link #IDS_PER_PATH} from here
     */
    static OperationMeasurement run(
            String type,
            Map<String, LoadTarget> paths,
            long firstId,
            MarinaCluster cluster,
            ClusterOperations operations,
            Request request)
            throws Exception {
        FaultLog requests = new FaultLog();
        RedundancyProbe redundancyProbe = paths.values().iterator().next().redundancy();
        Map<String, WriteLoad> loads = new LinkedHashMap<>();
        try {
            long pathFirstId = firstId;
            for (Map.Entry<String, LoadTarget> path : paths.entrySet()) {
                loads.put(path.getKey(), WriteLoad.start(path.getValue(), pathFirstId));
                pathFirstId += IDS_PER_PATH;
            }
            redundancyProbe.awaitFullRedundancy(REDUNDANCY_TIMEOUT);
            for (Map.Entry<String, WriteLoad> load : loads.entrySet()) {
                if (!load.getValue()
                        .awaitAcknowledged(load.getValue().acks().ackCount() + WRITES_BEFORE, REDUNDANCY_TIMEOUT)) {
                    throw new IllegalStateException("writes " + load.getKey() + " stopped before the " + type
                            + ", within " + REDUNDANCY_TIMEOUT);
                }
            }
            Set<String> known = operations.names();
            Instant requestedAt = Instant.now();
            // A fault for the checker: it then reports writes that never came back after the request.
            Fault requested = requests.record(type + " requested");
            request.send();
            ClusterOperations.Settled settled = operations.awaitSettled(type, known, OPERATION_TIMEOUT);
            OperationWindow window = new OperationWindow(requested.atNanos(), settled.seenNanos());
            List<String> problems = new ArrayList<>();
            Optional<Duration> redundancy = Optional.empty();
            try {
                redundancy = Optional.of(redundancyProbe.awaitFullRedundancy(requested.atNanos(), REDUNDANCY_TIMEOUT));
            } catch (IllegalStateException e) {
                problems.add("not back at full redundancy: " + e.getMessage());
            }
            List<ClientMeasurement> clients = new ArrayList<>();
            for (Map.Entry<String, WriteLoad> entry : loads.entrySet()) {
                WriteLoad load = entry.getValue();
                AckLog acks = load.acks();
                // A pause that never ends is already in the window; waiting longer would not change the verdict.
                load.awaitAcknowledged(acks.ackCount() + WRITES_AFTER, REDUNDANCY_TIMEOUT);
                ChaosReport report = load.stopAndCheck(requests.faults(), redundancy);
                report.problems().forEach(problem -> problems.add(entry.getKey() + ": " + problem));
                OperationWindow.Pause pause = window.longestPause(acks.acks());
                clients.add(new ClientMeasurement(
                        entry.getKey(),
                        pause,
                        requestedAt
                                .plusNanos(pause.fromNanos() - window.fromNanos())
                                .toString(),
                        window.failures(acks.failures()),
                        window.errors(acks.failures()),
                        window.acknowledged(acks.acks()),
                        report.acknowledged(),
                        report.lost().size()));
            }
            // A last look, after the writers stopped: an operation started late still counts against the request.
            List<ClusterOperations.Operation> started = operations.startedSince(known);
            problems.addAll(0, operationProblems(type, settled, started, cluster.primary()));
            return new OperationMeasurement(
                    type,
                    settled.first(type),
                    started,
                    window,
                    clients,
                    redundancy.map(duration -> duration.toNanos() / 1e9),
                    problems);
        } finally {
            loads.values().forEach(WriteLoad::close);
        }
    }

    /** @param primary the primary once everything settled */
    private static List<String> operationProblems(
            String type, ClusterOperations.Settled settled, List<ClusterOperations.Operation> started, String primary) {
        List<String> problems = new ArrayList<>();
        if (settled.first(type).isEmpty()) {
            problems.add("no " + type + " operation appeared within " + OPERATION_TIMEOUT);
        }
        for (ClusterOperations.Operation operation : started) {
            if (!operation.finished()) {
                problems.add(operation.name() + " did not finish within " + OPERATION_TIMEOUT + ": " + operation.phase()
                        + ", " + operation.message());
            } else if (!operation.phase().equals("Succeeded")) {
                problems.add(operation.name() + " ended " + operation.phase() + ": " + operation.message());
            }
        }
        if (started.size() > 1) {
            problems.add("asking for one " + type + " started " + started.size() + " operations ("
                    + String.join(
                            ", ",
                            started.stream()
                                    .map(ClusterOperations.Operation::name)
                                    .toList())
                    + "); the window runs until all of them ended" + inPlaceRestarts(started, primary));
        }
        return problems;
    }

    /**
     * The operations after the first that restarted the member which is primary now, without a switchover: they
     * restarted the primary in place, which pauses writes and is what a rolling update exists to avoid.
     */
    private static String inPlaceRestarts(List<ClusterOperations.Operation> started, String primary) {
        StringBuilder restarts = new StringBuilder();
        for (ClusterOperations.Operation operation : started.subList(1, started.size())) {
            if (!operation.switchedOver() && operation.restarted().contains(primary)) {
                restarts.append("; ")
                        .append(operation.name())
                        .append(" restarted the primary ")
                        .append(primary)
                        .append(" in place");
            }
        }
        return restarts.toString();
    }
}
