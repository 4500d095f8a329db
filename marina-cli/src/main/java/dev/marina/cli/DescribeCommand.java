package dev.marina.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code marina describe}: groups the resource kinds it applies to (clusters for now). */
@Command(
        name = "describe",
        header = "Show a cluster in detail, with its members and events.",
        description = "Say which resource to describe; clusters are the kind there is.",
        synopsisSubcommandLabel = "RESOURCE",
        footer = {"  marina describe cluster demo"},
        optionListHeading = "%nOptions:%n")
public final class DescribeCommand implements Callable<Integer> {

    @Mixin
    HelpOption help;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "say what to describe: marina describe cluster NAME");
    }
}
