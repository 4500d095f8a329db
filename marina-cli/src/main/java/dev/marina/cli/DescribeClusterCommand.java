package dev.marina.cli;

import static java.util.Objects.requireNonNull;

import dev.marina.api.DatabaseCluster;
import dev.marina.api.http.ClusterEvent;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code marina describe cluster NAME}: everything about one cluster, for people. */
@Command(
        name = "cluster",
        aliases = "clusters",
        header = "Show a cluster in detail.",
        description = {
            "Prints the cluster's spec in brief, its phase and conditions, its members with their roles, epochs"
                    + " and lag, its endpoints, and its last " + ClusterDescription.EVENTS_SHOWN + " events."
        },
        footer = {"  marina describe cluster demo"})
public final class DescribeClusterCommand implements Callable<Integer> {

    @Mixin
    HelpOption help;

    @Parameters(paramLabel = "NAME", description = "The cluster's name.")
    String name;

    private final CommandContext context;

    public DescribeClusterCommand(CommandContext context) {
        this.context = requireNonNull(context, "context is null");
    }

    @Override
    public Integer call() {
        try (ControlPlaneClient client = ControlPlaneClient.connect(context.home())) {
            DatabaseCluster cluster = client.cluster(name);
            List<ClusterEvent> events = List.of();
            String eventsProblem = null;
            try {
                events = client.events(name, ClusterDescription.EVENTS_SHOWN);
            } catch (MarinaException e) {
                // The cluster itself is worth showing even when its history cannot be read.
                if (e.exitCode() == ExitCodes.NOT_RUNNING) {
                    throw e;
                }
                eventsProblem = e.getMessage();
            }
            context.out()
                    .print(new ClusterDescription(
                                    cluster,
                                    events,
                                    eventsProblem,
                                    context.clock().instant())
                            .render());
            return ExitCodes.OK;
        }
    }
}
