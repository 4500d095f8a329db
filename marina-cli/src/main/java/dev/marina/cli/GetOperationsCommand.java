package dev.marina.cli;

import static java.util.Objects.requireNonNull;

import dev.marina.api.DatabaseOperation;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code marina get ops [NAME]}: the operations of every cluster, or of the one named, oldest first. */
@Command(
        name = "ops",
        aliases = {"op", "operations"},
        header = "List operations, of every cluster or of the one named.",
        description = {
            "Oldest first. STEP is the step the operation is at (or ended at) out of its steps: 2/4 while the"
                    + " second of four runs, 0/4 while it waits for its turn. MESSAGE is shortened; see it whole,"
                    + " and every step, with: marina describe op ID. -o json prints what the control plane sent,"
                    + " as it sent it."
        },
        footer = {"  marina get ops", "  marina get ops demo", "  marina get ops demo -o yaml"})
public final class GetOperationsCommand implements Callable<Integer> {

    @Mixin
    HelpOption help;

    @Parameters(
            arity = "0..1",
            paramLabel = "NAME",
            description = "A cluster's name; without it, the operations of every cluster are listed.")
    String cluster;

    @Mixin
    OutputFormatOption outputOption;

    private final CommandContext context;

    public GetOperationsCommand(CommandContext context) {
        this.context = requireNonNull(context, "context is null");
    }

    @Override
    public Integer call() {
        try (ControlPlaneClient client = ControlPlaneClient.connect(context.home())) {
            if (outputOption.format != OutputFormat.TABLE) {
                context.out()
                        .print(StructuredOutput.fromServerJson(client.operationsJson(cluster), outputOption.format));
                return ExitCodes.OK;
            }
            List<DatabaseOperation> operations = client.operations(cluster);
            if (operations.isEmpty()) {
                String example = cluster == null ? "NAME" : cluster;
                context.err()
                        .println("no operations" + (cluster == null ? "" : " on cluster " + cluster)
                                + " yet; start one with e.g.: marina op switchover " + example);
                return ExitCodes.OK;
            }
            context.out()
                    .print(OperationTable.of(operations, context.clock().instant())
                            .render());
            return ExitCodes.OK;
        }
    }
}
