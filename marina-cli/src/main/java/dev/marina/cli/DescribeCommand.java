package dev.marina.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code marina describe}: groups the resource kinds it shows in detail (clusters and operations). */
@Command(
        name = "describe",
        header = "Show a cluster or an operation in detail.",
        description = "Say which resource to describe: a cluster, or an op (operation).",
        synopsisSubcommandLabel = "RESOURCE",
        footer = {"  marina describe cluster demo", "  marina describe op demo-switchover-3"},
        optionListHeading = "%nOptions:%n")
public final class DescribeCommand implements Callable<Integer> {

    @Mixin
    HelpOption help;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(
                spec.commandLine(), "say what to describe: marina describe cluster NAME, or marina describe op ID");
    }
}
