package dev.marina.cli;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code marina delete cluster NAME}: stops a cluster's members and forgets it; {@code --purge} drops its data. */
@Command(
        name = "cluster",
        aliases = "clusters",
        header = "Delete a cluster, and with --purge its data.",
        description = {
            "Delete a cluster: its members stop and the control plane forgets it. Its data is kept unless --purge"
                    + " is given.",
            "",
            "A cluster with spec.deletionProtection: true is refused; apply it with deletionProtection: false"
                    + " first."
        },
        footer = {
            "  marina delete cluster demo --purge",
            "  marina delete cluster demo --no-wait   # return once the request is accepted"
        })
public final class DeleteClusterCommand implements Callable<Integer> {

    @Mixin
    HelpOption help;

    @Parameters(paramLabel = "NAME", description = "The cluster's name.")
    String name;

    @Option(names = "--purge", description = "Also delete the members' data directories. This cannot be undone.")
    boolean purge;

    @Option(
            names = "--wait",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description = "Wait until the cluster is gone (default: ${DEFAULT-VALUE}).")
    boolean waitUntilGone;

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            defaultValue = "120s",
            converter = DurationConverter.class,
            description = "How long --wait waits, e.g. 90s, 2m, 1m30s (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    private final CommandContext context;

    public DeleteClusterCommand(CommandContext context) {
        this.context = requireNonNull(context, "context is null");
    }

    @Override
    public Integer call() {
        String data = purge ? "data purged" : "data kept";
        try (ControlPlaneClient client = ControlPlaneClient.connect(context.home())) {
            client.deleteCluster(name, purge);
            if (!waitUntilGone) {
                context.out().println("databasecluster/" + name + " deleting (" + data + ")");
                return ExitCodes.OK;
            }
            new ClusterWaiter(client, context).untilGone(name, timeout);
        }
        context.out().println("databasecluster/" + name + " deleted (" + data + ")");
        return ExitCodes.OK;
    }
}
