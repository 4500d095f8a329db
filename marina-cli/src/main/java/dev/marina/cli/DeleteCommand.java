package dev.marina.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code marina delete}: groups the resource kinds it applies to (clusters for now). */
@Command(
        name = "delete",
        header = "Delete a cluster.",
        description = "Say which resource to delete; clusters are the kind there is.",
        synopsisSubcommandLabel = "RESOURCE",
        footer = {"  marina delete cluster demo --purge"},
        optionListHeading = "%nOptions:%n")
public final class DeleteCommand implements Callable<Integer> {

    @Mixin
    HelpOption help;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "say what to delete: marina delete cluster NAME");
    }
}
