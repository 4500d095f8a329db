package dev.marina.control.reconcile;

import static java.util.Objects.requireNonNull;

import dev.marina.api.DatabaseOperation;
import dev.marina.api.OperationStatus;
import dev.marina.api.OperationStep;
import dev.marina.control.event.EventRecorder;
import dev.marina.control.operation.OperationLedger;
import dev.marina.control.operation.Progress;
import dev.marina.control.step.Durations;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves a cluster's operations on by one step turn per pass: the oldest running one, else the oldest pending one; the
 * others wait, saying behind which. Every change is saved before the next turn, so a control plane that restarts
 * resumes each operation at the step it was in. A cancel takes effect between steps. A step that outlasts its time
 * limit fails the operation, so none is ever left running forever.
 */
final class OperationRunner {

    private static final Logger LOG = LoggerFactory.getLogger(OperationRunner.class);

    private final OperationLedger ledger;
    private final OperationSteps steps;
    private final EventRecorder events;
    private final Clock clock;
    private final ReconcileSettings settings;

    OperationRunner(
            OperationLedger ledger,
            OperationSteps steps,
            EventRecorder events,
            Clock clock,
            ReconcileSettings settings) {
        this.ledger = requireNonNull(ledger, "ledger is null");
        this.steps = requireNonNull(steps, "steps is null");
        this.events = requireNonNull(events, "events is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.settings = requireNonNull(settings, "settings is null");
    }

    /** Whether the cluster has an operation pending or running. */
    boolean hasWork(String cluster) {
        return !ledger.unfinished(cluster).isEmpty();
    }

    /** @return whether an operation of the cluster is still under way, so the next pass should come soon */
    boolean advance(ClusterView cluster) {
        List<DatabaseOperation> open = ledger.unfinished(cluster.name());
        if (open.isEmpty()) {
            return false;
        }
        DatabaseOperation active = open.stream()
                .filter(operation ->
                        OperationStatus.RUNNING.equals(operation.status().phase()))
                .findFirst()
                .orElse(open.get(0));
        for (DatabaseOperation waiting : open) {
            if (!waiting.name().equals(active.name())) {
                String message = "queued behind " + active.name();
                ledger.update(
                        waiting.name(),
                        operation -> operation.status().isFinished()
                                ? operation
                                : operation.withStatus(operation.status().withMessage(message)));
            }
        }
        turn(cluster, active.name());
        return !ledger.unfinished(cluster.name()).isEmpty();
    }

    /** Cancels every operation of a cluster that is being deleted. */
    void cancelAll(String cluster, String why) {
        for (DatabaseOperation operation : ledger.unfinished(cluster)) {
            String now = clock.instant().toString();
            ledger.update(
                    operation.name(),
                    current -> current.status().isFinished()
                            ? current
                            : current.withStatus(Progress.cancelled(current.status(), why, now)));
        }
    }

    private void turn(ClusterView cluster, String name) {
        String now = clock.instant().toString();
        DatabaseOperation operation = ledger.update(name, current -> {
                    OperationStatus status = current.status();
                    if (status.isCancelRequested()) {
                        return current.withStatus(
                                Progress.cancelled(status, "cancelled at a safe point, between steps", now));
                    }
                    if (OperationStatus.PENDING.equals(status.phase())) {
                        return current.withStatus(status.started(now).withMessage(null));
                    }
                    return current;
                })
                .orElseThrow();
        OperationStatus status = operation.status();
        if (status.isFinished()) {
            if (OperationStatus.CANCELLED.equals(status.phase())) {
                events.normal(cluster.name(), null, "OperationCancelled", "operation " + name + " cancelled");
            }
            return;
        }
        if (status.startedAt() != null && now.equals(status.startedAt())) {
            events.normal(
                    cluster.name(),
                    null,
                    "OperationStarted",
                    "operation " + name + " started: " + status.steps().size() + " step(s)");
        }
        OperationStep step = status.currentStep().orElse(null);
        if (step == null) {
            finish(cluster.name(), name, Progress::succeeded, summary(status), now);
            return;
        }
        if (step.startedAt() != null) {
            Duration limit = limit(step);
            if (Duration.between(Instant.parse(step.startedAt()), clock.instant())
                            .compareTo(limit)
                    > 0) {
                fail(
                        cluster.name(),
                        name,
                        step,
                        step.description() + " did not finish within " + Durations.describe(limit)
                                + (step.message() == null ? "" : " (" + step.message() + ")"));
                return;
            }
        }
        OperationStep started = step.startedAt() == null ? step.running(now, step.marker(), step.message()) : step;
        save(name, started);
        StepOutcome outcome;
        try {
            outcome = steps.run(cluster, operation, started, marker -> save(name, started.withMarker(marker)));
        } catch (RuntimeException e) {
            LOG.debug("cluster={} operation={} step {} failed", cluster.name(), name, step.index(), e);
            outcome = new StepOutcome.Failed(e.getMessage());
        }
        String after = clock.instant().toString();
        OperationStep latest = ledger.find(name)
                .flatMap(current -> current.status().steps().stream()
                        .filter(candidate -> candidate.index() == step.index())
                        .findFirst())
                .orElse(started);
        switch (outcome) {
            case StepOutcome.Done done -> {
                save(name, latest.finished(OperationStep.SUCCEEDED, done.message(), after));
                events.normal(
                        cluster.name(),
                        step.member(),
                        "OperationStep",
                        name + " step " + step.index() + ": " + done.message());
                finishIfLast(cluster.name(), name, after);
            }
            case StepOutcome.Skipped skipped -> {
                save(name, latest.finished(OperationStep.SKIPPED, skipped.message(), after));
                finishIfLast(cluster.name(), name, after);
            }
            case StepOutcome.Waiting waiting -> save(name, latest.withMessage(waiting.message()));
            case StepOutcome.Failed failed -> fail(cluster.name(), name, latest, failed.message());
        }
    }

    private void finishIfLast(String cluster, String name, String now) {
        Optional<DatabaseOperation> current = ledger.find(name);
        if (current.isPresent() && current.get().status().currentStep().isEmpty()) {
            finish(cluster, name, Progress::succeeded, summary(current.get().status()), now);
        }
    }

    /** "3 steps done, 1 skipped": what a succeeded operation did, at a glance. */
    private static String summary(OperationStatus status) {
        long skipped = status.steps().stream()
                .filter(step -> OperationStep.SKIPPED.equals(step.state()))
                .count();
        long done = status.steps().size() - skipped;
        return done + (done == 1 ? " step" : " steps") + " done" + (skipped == 0 ? "" : ", " + skipped + " skipped");
    }

    private void fail(String cluster, String name, OperationStep step, String message) {
        String now = clock.instant().toString();
        save(name, step.finished(OperationStep.FAILED, message, now));
        finish(cluster, name, Progress::failed, "step " + step.index() + " failed: " + message, now);
    }

    private void finish(String cluster, String name, Ending ending, String message, String now) {
        ledger.update(name, current -> current.withStatus(ending.apply(current.status(), message, now)));
        DatabaseOperation finished = ledger.find(name).orElseThrow();
        String phase = finished.status().phase();
        if (OperationStatus.FAILED.equals(phase)) {
            events.warning(cluster, null, "OperationFailed", "operation " + name + " failed: " + message);
        } else {
            events.normal(cluster, null, "Operation" + phase, "operation " + name + " " + phase.toLowerCase());
        }
    }

    private void save(String name, OperationStep step) {
        ledger.update(name, current -> current.withStatus(current.status().withStep(step)));
    }

    /** How long a step may take before the operation fails rather than hang. */
    private Duration limit(OperationStep step) {
        return switch (step.action()) {
            case OperationStep.SWITCHOVER, OperationStep.REMOVE, OperationStep.RESIZE ->
                settings.startTimeout().multipliedBy(2);
            case OperationStep.RESTART ->
                settings.startTimeout().plus(settings.cloneTimeout().dividedBy(3));
            default -> settings.cloneTimeout();
        };
    }

    @FunctionalInterface
    private interface Ending {
        OperationStatus apply(OperationStatus status, String message, String now);
    }
}
