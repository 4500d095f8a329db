package dev.marina.cli;

import static java.util.Objects.requireNonNull;

import dev.marina.api.OperationSpec;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code marina op decommission NAME MEMBER [--keep-data]}: removes one particular member for good. */
@Command(
        name = "decommission",
        header = "Remove one particular member for good.",
        description = {
            "Lowers the component's replicas by one and removes this member (its data too, unless --keep-data):"
                    + " no other member is renamed or restarted, and its ordinal is not used again. A primary is"
                    + " switched over first.",
            "",
            "The only member of a component is refused (delete the cluster instead). In a synchronous cluster,"
                    + " a removal that leaves no replica streaming is refused unless --force is given."
        },
        footer = {
            "  marina op decommission demo demo-postgres-3 --wait",
            "  marina op decommission demo demo-postgres-3 --keep-data --dry-run"
        })
public final class DecommissionCommand implements Callable<Integer> {

    @Mixin
    HelpOption help;

    @Parameters(index = "0", paramLabel = "NAME", description = "The cluster's name.")
    String name;

    @Parameters(index = "1", paramLabel = "MEMBER", description = "The member to remove, e.g. demo-postgres-3.")
    String member;

    @Option(names = "--keep-data", description = "Keep the member's data directory on disk.")
    boolean keepData;

    @Mixin
    ForceOption force;

    @Mixin
    OperationOptions options;

    private final CommandContext context;

    public DecommissionCommand(CommandContext context) {
        this.context = requireNonNull(context, "context is null");
    }

    @Override
    public Integer call() {
        OperationSpec spec = OperationSpec.of(name, OperationSpec.DECOMMISSION).withMember(member);
        spec = keepData ? spec.withKeepData(true) : spec;
        spec = force.requested ? spec.withForce(true) : spec;
        return new OperationSubmitter(context, options).submit(spec);
    }
}
