package dev.marina.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code marina op}: groups the day-2 operations on a running cluster. */
@Command(
        name = "op",
        header = "Switch over, restart, rebuild, decommission or scale a cluster.",
        description = {
            "The control plane checks the cluster first and refuses, saying why, what would lose data or give up"
                    + " redundancy; then it runs the operation step by step, one operation per cluster at a time"
                    + " (the others queue). --dry-run prints the steps and creates nothing; --wait follows the"
                    + " steps until the operation ends.",
            "",
            "List operations with 'marina get ops', follow one with 'marina describe op ID'."
        },
        synopsisSubcommandLabel = "OPERATION",
        footer = {
            "  marina op switchover demo --dry-run",
            "  marina op restart demo --wait",
            "  marina op cancel demo-restart-2"
        },
        optionListHeading = "%nOptions:%n")
public final class OperationCommand implements Callable<Integer> {

    @Mixin
    HelpOption help;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(
                spec.commandLine(),
                "say which operation: marina op switchover|restart|rebuild|decommission|scale NAME, or marina op"
                        + " cancel ID");
    }
}
