package dev.marina.cli;

import static java.util.Objects.requireNonNull;

import dev.marina.api.OperationSpec;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code marina op rebuild NAME MEMBER}: wipes a replica's data and copies the primary again. */
@Command(
        name = "rebuild",
        header = "Wipe a replica's data and copy it from the primary again.",
        description = {
            "Stops the member, deletes its data directory, copies the primary afresh and waits until it streams."
                    + " For a replica whose data is damaged or has diverged.",
            "",
            "The primary is refused: it holds the only copy Marina trusts; switch over first. In a synchronous"
                    + " cluster, a rebuild that leaves no other replica streaming is refused unless --force is"
                    + " given."
        },
        footer = {
            "  marina op rebuild demo demo-postgres-3 --wait",
            "  marina op rebuild demo demo-postgres-3 --dry-run"
        })
public final class RebuildCommand implements Callable<Integer> {

    @Mixin
    HelpOption help;

    @Parameters(index = "0", paramLabel = "NAME", description = "The cluster's name.")
    String name;

    @Parameters(index = "1", paramLabel = "MEMBER", description = "The replica to rebuild, e.g. demo-postgres-3.")
    String member;

    @Mixin
    ForceOption force;

    @Mixin
    OperationOptions options;

    private final CommandContext context;

    public RebuildCommand(CommandContext context) {
        this.context = requireNonNull(context, "context is null");
    }

    @Override
    public Integer call() {
        OperationSpec spec = OperationSpec.of(name, OperationSpec.REBUILD).withMember(member);
        return new OperationSubmitter(context, options).submit(force.requested ? spec.withForce(true) : spec);
    }
}
