package dev.marina.cli;

import static java.util.Objects.requireNonNull;

import dev.marina.api.DatabaseOperation;
import dev.marina.api.Durations;
import dev.marina.api.OperationStatus;
import dev.marina.api.OperationStep;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Polls an operation until it ends, telling the user on stderr what changed since the last look (the operation left
 * the queue, a step began, said something new, or ended), so a long switchover or copy never looks like a hang.
 */
public final class OperationWaiter {

    private final ControlPlaneClient client;
    private final CommandContext context;
    private final Progress progress;

    public OperationWaiter(ControlPlaneClient client, CommandContext context) {
        this.client = requireNonNull(client, "client is null");
        this.context = requireNonNull(context, "context is null");
        this.progress = new Progress(context.err(), context.clock());
    }

    /**
     * The operation once it has ended, however it ended; a {@link MarinaException} saying where it is when
     * {@code timeout} passes first. {@code created} is what the user was already shown, so it is not repeated.
     */
    public OperationAnswer untilFinished(OperationAnswer created, Duration timeout) {
        requireNonNull(created, "created is null");
        String name = requireNonNull(OperationFields.name(created.operation()), "the operation has no name");
        Deadline deadline = Deadline.after(timeout, context.clock());
        String operationSeen = operationLine(created.operation());
        Map<Integer, String> stepsSeen = new HashMap<>();
        OperationAnswer current = created;
        while (true) {
            DatabaseOperation operation = current.operation();
            // How it ended is the command's result, printed once by the caller, not progress.
            String line = operationLine(operation);
            if (!OperationFields.isFinished(operation) && !line.equals(operationSeen)) {
                progress.line(line);
                operationSeen = line;
            }
            showSteps(operation, stepsSeen);
            if (OperationFields.isFinished(operation)) {
                return current;
            }
            if (deadline.hasPassed()) {
                throw MarinaException.userError("operation " + name + " still " + where(operation)
                        + " after " + Durations.format(timeout) + "; it goes on without this wait: follow it with"
                        + " marina describe op " + name + ", or stop it with marina op cancel " + name);
            }
            deadline.pause(context.pollInterval());
            current = client.operation(name);
        }
    }

    /** A line for each step that began and changed since the last look ({@code seen} holds the last lines). */
    private void showSteps(DatabaseOperation operation, Map<Integer, String> seen) {
        OperationStatus status = operation.status();
        if (status == null) {
            return;
        }
        for (OperationStep step : status.steps()) {
            if (!OperationSteps.hasBegun(step)) {
                continue;
            }
            String line = stepLine(step, status.steps().size());
            if (!Objects.equals(seen.put(step.index(), line), line)) {
                progress.line(line);
            }
        }
    }

    /** {@code operation demo-restart-4 pending: queued behind demo-switchover-3}. */
    static String operationLine(DatabaseOperation operation) {
        String phase = OperationFields.phase(operation);
        String message = OperationFields.message(operation);
        return "operation " + OperationFields.name(operation) + " "
                + (phase == null ? "without status" : phase.toLowerCase(Locale.ROOT))
                + (message == null ? "" : ": " + message);
    }

    /**
     * {@code step 2/4 restart demo-postgres-2: waiting until demo-postgres-2 streams again} while it runs, and
     * {@code step 2/4 restart demo-postgres-2 succeeded: ...} once it ended.
     */
    static String stepLine(OperationStep step, int total) {
        String state = OperationStep.RUNNING.equals(step.state()) || step.state() == null
                ? ""
                : " " + step.state().toLowerCase(Locale.ROOT);
        return OperationSteps.label(step, total) + state + ": " + OperationSteps.latestWord(step);
    }

    /** {@code running (step 2/4 restart demo-postgres-2: waiting ...)}, for the message on timeout. */
    private static String where(DatabaseOperation operation) {
        String phase = OperationFields.phase(operation);
        String shown = phase == null ? "without status" : phase.toLowerCase(Locale.ROOT);
        OperationStatus status = operation.status();
        if (status == null) {
            return shown;
        }
        String detail = status.currentStep()
                .filter(OperationSteps::hasBegun)
                .map(step -> stepLine(step, status.steps().size()))
                .orElse(OperationFields.message(operation));
        return detail == null ? shown : shown + " (" + detail + ")";
    }
}
