package dev.marina.cli;

import static java.util.Objects.requireNonNull;

import dev.marina.api.DatabaseOperation;
import dev.marina.api.OperationSpec;
import dev.marina.api.OperationStatus;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * What every {@code marina op} command does once it knows what to ask for: send it, then print the plan (dry run), the
 * new operation, or with --wait how it ended. The exit code follows how it ended: 0 succeeded, 1 failed or cancelled.
 */
public final class OperationSubmitter {

    private final CommandContext context;
    private final OperationOptions options;

    public OperationSubmitter(CommandContext context, OperationOptions options) {
        this.context = requireNonNull(context, "context is null");
        this.options = requireNonNull(options, "options is null");
    }

    public int submit(OperationSpec spec) {
        requireNonNull(spec, "spec is null");
        options.check();
        try (ControlPlaneClient client = ControlPlaneClient.connect(context.home())) {
            OperationAnswer answer = client.createOperation(spec, options.dryRun);
            if (options.dryRun) {
                printPlan(answer);
                return ExitCodes.OK;
            }
            if (!options.waitUntilFinished) {
                if (!printedStructured(answer)) {
                    context.out().print(created(answer.operation()));
                }
                return ExitCodes.OK;
            }
            // With --wait, stdout is kept for how it ended; that it was created is progress.
            context.err().print(created(answer.operation()));
            context.err().flush();
            OperationAnswer finished = new OperationWaiter(client, context).untilFinished(answer, options.timeout);
            return printEnding(finished);
        }
    }

    private void printPlan(OperationAnswer answer) {
        if (printedStructured(answer)) {
            return;
        }
        DatabaseOperation operation = answer.operation();
        OperationStatus status = operation.status();
        OperationSpec spec = operation.spec();
        String what = spec == null ? "the operation" : spec.type() + " of cluster " + spec.cluster();
        int steps = status == null ? 0 : status.steps().size();
        PrintWriter out = context.out();
        if (steps == 0) {
            out.println("plan for " + what + ": nothing to do");
        } else {
            out.println("plan for " + what + " (" + steps + (steps == 1 ? " step" : " steps") + "):");
            out.print(OperationSteps.plan(status.steps()));
        }
        String message = OperationFields.message(operation);
        out.println(message == null ? "dry run: nothing was created" : message);
    }

    /**
     * {@code operation demo-switchover-3 created (Pending); follow it with: marina describe op demo-switchover-3}, and
     * the queue it waits in, if any. An operation with nothing to do is created already finished and says why.
     */
    private String created(DatabaseOperation operation) {
        String name = OperationFields.name(operation);
        String message = OperationFields.message(operation);
        String created = "operation " + name + " created (" + OperationFields.phase(operation) + ")";
        if (OperationFields.isFinished(operation)) {
            return created + (message == null ? "" : ": " + message) + "\n";
        }
        String next = options.waitUntilFinished
                ? "; waiting until it ends (Ctrl-C stops the wait, not the operation)"
                : "; follow it with: marina describe op " + name;
        return created + next + "\n" + (message == null ? "" : message + "\n");
    }

    private int printEnding(OperationAnswer finished) {
        DatabaseOperation operation = finished.operation();
        String name = OperationFields.name(operation);
        String phase = OperationFields.phase(operation);
        String message = OperationFields.message(operation);
        String ending = "operation " + name + " " + (phase == null ? "ended" : phase.toLowerCase(Locale.ROOT))
                + (message == null ? "" : ": " + message);
        boolean succeeded = OperationStatus.SUCCEEDED.equals(phase);
        // A script asking for json gets the operation however it ended; the exit code tells it which way.
        boolean structured = printedStructured(finished);
        if (!succeeded) {
            throw MarinaException.userError(ending + "; look closer with: marina describe op " + name);
        }
        if (!structured) {
            context.out().println(ending);
        }
        return ExitCodes.OK;
    }

    /** Prints the answer as sent when -o asks for json or yaml; whether it did. */
    private boolean printedStructured(OperationAnswer answer) {
        if (options.outputOption.format == OutputFormat.TABLE) {
            return false;
        }
        context.out().print(StructuredOutput.fromServerJson(answer.json(), options.outputOption.format));
        return true;
    }
}
