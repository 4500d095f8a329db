package dev.marina.cli;

import dev.marina.api.DatabaseOperation;
import dev.marina.api.ObjectMeta;
import dev.marina.api.OperationSpec;
import dev.marina.api.OperationStatus;
import dev.marina.api.OperationStep;
import dev.marina.api.yaml.Serialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Operations as the control plane would report them, for the fake to answer with. */
final class TestOperations {

    static final String CREATED = "2026-11-20T10:00:00Z";
    static final String STARTED = "2026-11-20T10:00:01Z";
    static final String FINISHED = "2026-11-20T10:01:31Z";

    private TestOperations() {}

    /** A rolling restart of demo as the planner orders it: the replicas, a switchover, the old primary. */
    static List<OperationStep> rollingRestart() {
        return List.of(
                OperationStep.planned(
                        1,
                        OperationStep.RESTART,
                        "demo-postgres-2",
                        "restart demo-postgres-2 (restart) and wait until it streams again"),
                OperationStep.planned(
                        2,
                        OperationStep.RESTART,
                        "demo-postgres-3",
                        "restart demo-postgres-3 (restart) and wait until it streams again"),
                OperationStep.planned(
                        3,
                        OperationStep.SWITCHOVER,
                        null,
                        "switch over from demo-postgres-1 to the best replica already restarted"),
                OperationStep.planned(
                        4,
                        OperationStep.AWAIT_REJOIN,
                        "demo-postgres-1",
                        "restart demo-postgres-1: it restarts as a replica of the new primary; wait until it"
                                + " streams"));
    }

    /** A switchover as the planner orders it: the promotion, then the old primary's return as a replica. */
    static List<OperationStep> switchoverTo(String target) {
        return List.of(
                OperationStep.planned(
                        1,
                        OperationStep.SWITCHOVER,
                        target,
                        "switch over from demo-postgres-1 to " + target + ": stop demo-postgres-1 cleanly, then"
                                + " promote " + target + " once it has every write"),
                OperationStep.planned(
                        2,
                        OperationStep.AWAIT_REJOIN,
                        "demo-postgres-1",
                        "wait until demo-postgres-1 rejoins as a replica of the new primary and streams"));
    }

    static DatabaseOperation pending(String name, OperationSpec spec, List<OperationStep> steps, String message) {
        return DatabaseOperation.of(
                new ObjectMeta(name, Map.of(), Map.of(), null, null, CREATED),
                spec,
                OperationStatus.pending(steps, message, CREATED));
    }

    /** What the control plane creates when there is nothing to do: already succeeded, saying why. */
    static DatabaseOperation nothingToDo(String name, OperationSpec spec, String message) {
        DatabaseOperation operation = pending(name, spec, List.of(), null);
        return operation.withStatus(
                operation.status().started(CREATED).finished(OperationStatus.SUCCEEDED, message, CREATED));
    }

    /** What a dry run answers: no name, the plan, and that nothing was created. */
    static DatabaseOperation planned(OperationSpec spec, List<OperationStep> steps, String message) {
        return DatabaseOperation.of(ObjectMeta.named(null), spec, OperationStatus.pending(steps, message, CREATED));
    }

    /** The operation with its first {@code done} steps succeeded and the next one running, saying {@code message}. */
    static DatabaseOperation running(DatabaseOperation operation, int done, String message) {
        List<OperationStep> steps = new ArrayList<>();
        for (OperationStep step : operation.status().steps()) {
            if (step.index() <= done) {
                steps.add(
                        step.running(STARTED, null, null).finished(OperationStep.SUCCEEDED, successOf(step), STARTED));
            } else if (step.index() == done + 1) {
                steps.add(step.running(STARTED, null, message));
            } else {
                steps.add(step);
            }
        }
        return operation.withStatus(
                operation.status().started(STARTED).withMessage(null).withSteps(steps));
    }

    static DatabaseOperation succeeded(DatabaseOperation operation) {
        DatabaseOperation allDone =
                running(operation, operation.status().steps().size(), null);
        return allDone.withStatus(allDone.status().finished(OperationStatus.SUCCEEDED, "done", FINISHED));
    }

    /** Step {@code failing} failed saying {@code why}; the steps after it closed unstarted. */
    static DatabaseOperation failed(DatabaseOperation operation, int failing, String why) {
        DatabaseOperation atStep = running(operation, failing - 1, null);
        List<OperationStep> steps = atStep.status().steps().stream()
                .map(step -> step.index() == failing
                        ? step.finished(OperationStep.FAILED, why, FINISHED)
                        : step.index() > failing
                                ? step.finished(OperationStep.CANCELLED, "not run: an earlier step failed", FINISHED)
                                : step)
                .toList();
        return atStep.withStatus(atStep.status()
                .withSteps(steps)
                .finished(OperationStatus.FAILED, "step " + failing + " failed: " + why, FINISHED));
    }

    static DatabaseOperation cancelledBeforeStart(DatabaseOperation operation) {
        List<OperationStep> steps = operation.status().steps().stream()
                .map(step -> step.finished(OperationStep.CANCELLED, "cancelled", FINISHED))
                .toList();
        return operation.withStatus(operation
                .status()
                .withSteps(steps)
                .finished(OperationStatus.CANCELLED, "cancelled before it started", FINISHED));
    }

    static OperationSpec rollingRestartSpec() {
        return OperationSpec.of("demo", OperationSpec.RESTART);
    }

    static String json(Object value) {
        return Serialization.toJson(value);
    }

    private static String successOf(OperationStep step) {
        return step.member() == null ? "done" : step.member() + " streams again";
    }
}
