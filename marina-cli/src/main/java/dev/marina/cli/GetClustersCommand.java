package dev.marina.cli;

import static java.util.Objects.requireNonNull;

import dev.marina.api.DatabaseCluster;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code marina get clusters} and {@code marina get cluster NAME}. */
@Command(
        name = "clusters",
        aliases = "cluster",
        header = "List clusters, or show the one named.",
        description = {
            "READY counts the members serving their role (a primary running, a replica streaming) out of the"
                    + " members the spec asks for. -o json prints what the control plane sent, as it sent it."
        },
        footer = {"  marina get clusters", "  marina get cluster demo", "  marina get cluster demo -o yaml"})
public final class GetClustersCommand implements Callable<Integer> {

    @Mixin
    HelpOption help;

    @Parameters(
            arity = "0..1",
            paramLabel = "NAME",
            description = "A cluster's name; without it, every cluster is listed.")
    String name;

    @Mixin
    OutputFormatOption outputOption;

    private final CommandContext context;

    public GetClustersCommand(CommandContext context) {
        this.context = requireNonNull(context, "context is null");
    }

    @Override
    public Integer call() {
        try (ControlPlaneClient client = ControlPlaneClient.connect(context.home())) {
            if (outputOption.format != OutputFormat.TABLE) {
                String json = name == null ? client.clustersJson() : client.clusterJson(name);
                context.out().print(StructuredOutput.fromServerJson(json, outputOption.format));
                return ExitCodes.OK;
            }
            List<DatabaseCluster> clusters = name == null ? client.clusters() : List.of(client.cluster(name));
            if (clusters.isEmpty()) {
                context.err().println("no clusters yet; create one with: marina apply -f FILE (or try: marina demo)");
                return ExitCodes.OK;
            }
            context.out()
                    .print(ClusterTable.of(clusters, context.clock().instant()).render());
            return ExitCodes.OK;
        }
    }
}
