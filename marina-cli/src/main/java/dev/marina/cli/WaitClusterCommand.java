package dev.marina.cli;

import static java.util.Objects.requireNonNull;

import dev.marina.api.DatabaseCluster;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code marina wait cluster NAME --for=ready}: blocks until the cluster is ready, showing members as they change. */
@Command(
        name = "cluster",
        aliases = "clusters",
        header = "Wait until a cluster is ready.",
        description = {
            "Wait until a cluster is ready: its Ready condition is True and the control plane has acted on the"
                    + " latest spec. Members are shown on stderr as their roles and states change.",
            "",
            "Exits with 1 on timeout, naming what is not ready."
        },
        footer = {
            "  marina wait cluster demo --for=ready",
            "  marina apply -f demo.yaml && marina wait cluster demo --for=ready --timeout=5m"
        })
public final class WaitClusterCommand implements Callable<Integer> {

    @Mixin
    HelpOption help;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "The cluster's name.")
    String name;

    @Option(
            names = "--for",
            required = true,
            paramLabel = "CONDITION",
            description = "The condition to wait for: ready.")
    String condition;

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            defaultValue = "120s",
            converter = DurationConverter.class,
            description = "How long to wait, e.g. 90s, 2m, 1m30s, or plain seconds (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    private final CommandContext context;

    public WaitClusterCommand(CommandContext context) {
        this.context = requireNonNull(context, "context is null");
    }

    @Override
    public Integer call() {
        if (!"ready".equalsIgnoreCase(condition)) {
            throw new ParameterException(
                    spec.commandLine(), "unknown condition '" + condition + "'; marina can wait --for=ready");
        }
        DatabaseCluster cluster;
        try (ControlPlaneClient client = ControlPlaneClient.connect(context.home())) {
            cluster = new ClusterWaiter(client, context).untilReady(name, timeout);
        }
        ClusterReadiness readiness = new ClusterReadiness(cluster);
        String primary = cluster.status() == null || cluster.status().primary() == null
                ? ""
                : ", primary " + cluster.status().primary();
        context.out()
                .println("databasecluster/" + name + " ready (" + readiness.readyColumn() + " members ready" + primary
                        + ")");
        return ExitCodes.OK;
    }
}
