package dev.marina.cli;

import static java.util.Objects.requireNonNull;

import dev.marina.api.OperationSpec;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code marina op restart NAME [MEMBER]}: restarts one member, or every member in a rolling restart. */
@Command(
        name = "restart",
        header = "Restart one member, or every member one at a time.",
        description = {
            "With MEMBER, restarts that member and waits until it serves again; restarting the primary in place"
                    + " pauses writes until it is back (switch over first for no pause).",
            "",
            "Without MEMBER, a rolling restart: the replicas one at a time, each back to streaming before the"
                    + " next, then a switchover to a restarted replica, then the old primary rejoins as a replica."
        },
        footer = {
            "  marina op restart demo --wait",
            "  marina op restart demo demo-postgres-2",
            "  marina op restart demo --dry-run"
        })
public final class RestartCommand implements Callable<Integer> {

    @Mixin
    HelpOption help;

    @Parameters(index = "0", paramLabel = "NAME", description = "The cluster's name.")
    String name;

    @Parameters(
            index = "1",
            arity = "0..1",
            paramLabel = "MEMBER",
            description = "The member to restart, e.g. demo-postgres-2; without it, every member in turn.")
    String member;

    @Mixin
    OperationOptions options;

    private final CommandContext context;

    public RestartCommand(CommandContext context) {
        this.context = requireNonNull(context, "context is null");
    }

    @Override
    public Integer call() {
        return new OperationSubmitter(context, options)
                .submit(OperationSpec.of(name, OperationSpec.RESTART).withMember(member));
    }
}
