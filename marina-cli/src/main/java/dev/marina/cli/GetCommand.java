package dev.marina.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code marina get}: groups the resource kinds it lists (clusters and operations). */
@Command(
        name = "get",
        header = "List clusters or operations.",
        description = "Say which resource to get: clusters, or ops (operations).",
        synopsisSubcommandLabel = "RESOURCE",
        footer = {"  marina get clusters", "  marina get cluster demo -o yaml", "  marina get ops demo"},
        optionListHeading = "%nOptions:%n")
public final class GetCommand implements Callable<Integer> {

    @Mixin
    HelpOption help;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(
                spec.commandLine(), "say what to get: marina get clusters, marina get cluster NAME, or marina get ops");
    }
}
