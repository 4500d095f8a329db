package dev.marina.cli;

import static java.util.Objects.requireNonNull;

import dev.marina.api.DatabaseOperation;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code marina op cancel ID}: cancels an operation that has not started, or stops one between two steps. */
@Command(
        name = "cancel",
        header = "Cancel an operation.",
        description = {
            "An operation that has not started is cancelled at once. A running one stops after the step under way,"
                    + " never in the middle of one: a switchover is finished or undone, never left half-way.",
            "",
            "An operation that already ended is refused (exit 1)."
        },
        footer = {"  marina op cancel demo-restart-2", "  marina get ops demo    # operation IDs are in the NAME column"
        })
public final class CancelOperationCommand implements Callable<Integer> {

    @Mixin
    HelpOption help;

    @Parameters(paramLabel = "ID", description = "The operation's name, e.g. demo-restart-2.")
    String id;

    @Mixin
    OutputFormatOption outputOption;

    private final CommandContext context;

    public CancelOperationCommand(CommandContext context) {
        this.context = requireNonNull(context, "context is null");
    }

    @Override
    public Integer call() {
        OperationAnswer answer;
        try (ControlPlaneClient client = ControlPlaneClient.connect(context.home())) {
            answer = client.cancelOperation(id);
        }
        if (outputOption.format != OutputFormat.TABLE) {
            context.out().print(StructuredOutput.fromServerJson(answer.json(), outputOption.format));
            return ExitCodes.OK;
        }
        DatabaseOperation operation = answer.operation();
        String phase = OperationFields.phase(operation);
        String message = OperationFields.message(operation);
        String line = "operation " + id + " " + (phase == null ? "" : phase.toLowerCase(Locale.ROOT))
                + (message == null ? "" : ": " + message);
        context.out()
                .println(
                        OperationFields.isFinished(operation)
                                ? line
                                : line + "; follow it with: marina describe op " + id);
        return ExitCodes.OK;
    }
}
