package dev.marina.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code marina wait}: groups the resource kinds it applies to (clusters for now). */
@Command(
        name = "wait",
        header = "Wait until a cluster is ready.",
        description = "Say which resource to wait for; clusters are the kind there is.",
        synopsisSubcommandLabel = "RESOURCE",
        footer = {"  marina wait cluster demo --for=ready"},
        optionListHeading = "%nOptions:%n")
public final class WaitCommand implements Callable<Integer> {

    @Mixin
    HelpOption help;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "say what to wait: marina wait cluster NAME --for=ready");
    }
}
