package dev.marina.cli;

import static java.util.Objects.requireNonNull;

import dev.marina.api.OperationSpec;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code marina op switchover NAME [--to MEMBER]}: hands the primary role to a replica without losing a write. */
@Command(
        name = "switchover",
        header = "Make a replica the primary, without losing a write.",
        description = {
            "Stops the primary cleanly, promotes the replica once it has every write, then the old primary rejoins"
                    + " as a replica. Writes pause for the moment of the promotion.",
            "",
            "Refused when the cluster has no primary, or when the replica named by --to does not stream or is"
                    + " further behind than spec.availability.maximumLagOnFailover allows."
        },
        footer = {
            "  marina op switchover demo",
            "  marina op switchover demo --to demo-postgres-2 --wait",
            "  marina op switchover demo --dry-run"
        })
public final class SwitchoverCommand implements Callable<Integer> {

    @Mixin
    HelpOption help;

    @Parameters(paramLabel = "NAME", description = "The cluster's name.")
    String name;

    @Option(
            names = "--to",
            paramLabel = "MEMBER",
            description = "The replica to promote; without it, the streaming replica furthest ahead.")
    String to;

    @Mixin
    OperationOptions options;

    private final CommandContext context;

    public SwitchoverCommand(CommandContext context) {
        this.context = requireNonNull(context, "context is null");
    }

    @Override
    public Integer call() {
        return new OperationSubmitter(context, options)
                .submit(OperationSpec.of(name, OperationSpec.SWITCHOVER).withTo(to));
    }
}
