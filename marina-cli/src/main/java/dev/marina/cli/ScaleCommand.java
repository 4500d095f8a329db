package dev.marina.cli;

import static java.util.Objects.requireNonNull;

import dev.marina.api.OperationSpec;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code marina op scale NAME --component C --replicas N}: adds or removes members of one component. */
@Command(
        name = "scale",
        header = "Add or remove members of a component.",
        description = {
            "Scaling out adds members copied from the primary and waits until they stream. Scaling in removes"
                    + " members one at a time, never the primary: first members that are down, then the furthest"
                    + " behind, then the newest. The others keep their names, ports and processes.",
            "",
            "In a synchronous cluster, scaling in to no streaming replica is refused unless --force is given; down"
                    + " to one member, synchronous replication is then turned off. To remove one particular member,"
                    + " use: marina op decommission."
        },
        footer = {
            "  marina op scale demo --component postgres --replicas 5 --wait",
            "  marina op scale demo --component postgres --replicas 2 --dry-run"
        })
public final class ScaleCommand implements Callable<Integer> {

    @Mixin
    HelpOption help;

    @Spec
    CommandSpec command;

    @Parameters(paramLabel = "NAME", description = "The cluster's name.")
    String name;

    @Option(
            names = "--component",
            required = true,
            paramLabel = "COMPONENT",
            description = "The component to scale, e.g. postgres (listed by: marina describe cluster NAME).")
    String component;

    @Option(
            names = "--replicas",
            required = true,
            paramLabel = "N",
            description = "How many members the component keeps, at least 1.")
    int replicas;

    @Mixin
    ForceOption force;

    @Mixin
    OperationOptions options;

    private final CommandContext context;

    public ScaleCommand(CommandContext context) {
        this.context = requireNonNull(context, "context is null");
    }

    @Override
    public Integer call() {
        if (replicas < 1) {
            throw new ParameterException(
                    command.commandLine(),
                    "--replicas must be at least 1, got " + replicas + "; to remove every member, delete the"
                            + " cluster: marina delete cluster " + name);
        }
        OperationSpec spec = OperationSpec.of(name, OperationSpec.SCALE).withScale(component, replicas);
        return new OperationSubmitter(context, options).submit(force.requested ? spec.withForce(true) : spec);
    }
}
