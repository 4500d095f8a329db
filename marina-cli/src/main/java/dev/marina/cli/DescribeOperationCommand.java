package dev.marina.cli;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code marina describe op ID}: one operation, with every step, for people. */
@Command(
        name = "op",
        aliases = "operation",
        header = "Show an operation in detail, with its steps.",
        description = {
            "Prints what was asked (the cluster, the type and the fields given), the phase and message, when it was"
                    + " created, started and finished, and each step with its state, what it does and its latest"
                    + " message. -o json or yaml prints the operation as the control plane sent it, for scripts."
        },
        footer = {"  marina describe op demo-switchover-3", "  marina describe op demo-switchover-3 -o json"})
public final class DescribeOperationCommand implements Callable<Integer> {

    @Mixin
    HelpOption help;

    @Parameters(paramLabel = "ID", description = "The operation's name, e.g. demo-switchover-3 (see: marina get ops).")
    String id;

    @Mixin
    OutputFormatOption outputOption;

    private final CommandContext context;

    public DescribeOperationCommand(CommandContext context) {
        this.context = requireNonNull(context, "context is null");
    }

    @Override
    public Integer call() {
        OperationAnswer answer;
        try (ControlPlaneClient client = ControlPlaneClient.connect(context.home())) {
            answer = client.operation(id);
        }
        if (outputOption.format != OutputFormat.TABLE) {
            context.out().print(StructuredOutput.fromServerJson(answer.json(), outputOption.format));
            return ExitCodes.OK;
        }
        context.out()
                .print(new OperationDescription(
                                answer.operation(), context.clock().instant())
                        .render());
        return ExitCodes.OK;
    }
}
