package dev.marina.cli;

import static java.util.Objects.requireNonNull;

import dev.marina.api.DatabaseCluster;
import dev.marina.api.Durations;
import dev.marina.api.MemberStatus;
import dev.marina.api.http.ApplyResult;
import dev.marina.api.http.ConnectionInfo;
import java.io.PrintWriter;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code marina demo}: from nothing to a replicated PostgreSQL cluster that has been written to and read from, with
 * the commands to go on from there.
 */
@Command(
        name = "demo",
        header = "Try Marina: a 3-member PostgreSQL cluster, written to and read from.",
        description = {
            "Start the control plane if needed, create a 3-member PostgreSQL 15 cluster named 'demo' with"
                    + " synchronous replication (or reuse it), wait until it is ready, write a row through the"
                    + " primary and read it back from a replica. Then print how to go on.",
            "",
            "Needs the PostgreSQL server binaries (Debian: postgresql-15) on this machine."
        },
        footer = {"  marina demo", "  MARINA_HOME=/tmp/try-marina marina demo"})
public final class DemoCommand implements Callable<Integer> {

    public static final Duration READY_TIMEOUT = Duration.ofSeconds(180);
    public static final Duration READ_BACK_TIMEOUT = Duration.ofSeconds(10);
    private static final String ENGINE = "postgresql";

    @Mixin
    HelpOption help;

    private final CommandContext context;

    public DemoCommand(CommandContext context) {
        this.context = requireNonNull(context, "context is null");
    }

    @Override
    public Integer call() {
        Progress progress = new Progress(context.err(), context.clock());
        ControlPlaneLauncher.Running running = new ControlPlaneLauncher(context).ensureRunning();
        progress.line((running.started() ? "control plane running (" : "control plane already running (")
                + running.describe() + ")");
        String name = DemoCluster.NAME;
        ReplicationCheck.Result check;
        DatabaseCluster cluster;
        try (ControlPlaneClient client = new ControlPlaneClient(running.server(), context.home())) {
            Optional<DatabaseCluster> existing = client.findCluster(name);
            if (existing.isPresent()) {
                requirePostgresql(existing.get());
                progress.line("cluster " + name + " already exists; reusing it");
            } else {
                ApplyResult result = client.apply(DemoCluster.YAML, false);
                result.applied()
                        .forEach(applied -> progress.line("databasecluster/" + applied.name() + " " + applied.action()
                                + ": PostgreSQL 15, 3 members, synchronous replication, a gateway"));
            }
            progress.line(
                    "waiting for cluster " + name + " to be ready (up to " + Durations.format(READY_TIMEOUT) + ")");
            cluster = new ClusterWaiter(client, context).untilReady(name, READY_TIMEOUT);
            progress.line(
                    "cluster " + name + " ready (" + new ClusterReadiness(cluster).readyColumn() + " members ready)");
            check = writeAndReadBack(client, name, progress);
        }
        printSummary(cluster, check);
        return ExitCodes.OK;
    }

    private static void requirePostgresql(DatabaseCluster cluster) {
        String engine = cluster.spec() == null ? null : cluster.spec().engine();
        if (!ENGINE.equals(engine)) {
            throw MarinaException.userError("a cluster named " + cluster.name() + " exists and runs " + engine
                    + ", not PostgreSQL; delete it (marina delete cluster " + cluster.name()
                    + ") or use another MARINA_HOME");
        }
    }

    private ReplicationCheck.Result writeAndReadBack(ControlPlaneClient client, String name, Progress progress) {
        ConnectionInfo readWrite = client.connection(name, false);
        ConnectionInfo readOnly = client.connection(name, true);
        JdbcTarget primary;
        JdbcTarget replica;
        try {
            primary = JdbcTarget.fromLibpqUrl(readWrite.url(), false);
            replica = JdbcTarget.fromLibpqUrl(readOnly.url(), true);
        } catch (IllegalArgumentException e) {
            throw MarinaException.userError("the control plane's connection URL for " + name + " is " + e.getMessage()
                    + "; report it with: marina get cluster " + name + " -o yaml");
        }
        progress.line("writing a row through the gateway to the primary and reading it back from a replica");
        String note = "written by marina demo at " + context.clock().instant();
        try {
            return new ReplicationCheck(primary, replica, context.clock()).run(note, READ_BACK_TIMEOUT);
        } catch (SQLException e) {
            throw MarinaException.userError(
                    "the demo could not use cluster " + name + " ("
                            + e.getMessage().lines().findFirst().orElse("")
                            + "); look closer with: marina describe cluster " + name,
                    e);
        }
    }

    private void printSummary(DatabaseCluster cluster, ReplicationCheck.Result check) {
        List<MemberStatus> members =
                cluster.status() == null ? List.of() : cluster.status().members();
        String writer = memberOnPort(members, check.writePort());
        String reader = memberOnPort(members, check.readPort());
        String readRole = check.readFromStandby() ? "a replica" : "the primary (no replica answered)";
        PrintWriter out = context.out();
        out.println();
        out.println("Cluster demo is ready: PostgreSQL " + cluster.spec().version() + ", "
                + new ClusterReadiness(cluster).readyColumn() + " members, synchronous replication.");
        out.println("Row " + check.id() + " was written on the primary (" + writer + ") and read back from " + readRole
                + " (" + reader + ") " + check.visibleAfter().toMillis() + " ms after its commit.");
        out.println();
        out.println("Connect:");
        out.println("  marina connect demo                         # psql on the primary, through the gateway");
        out.println("  marina connect demo --read-only             # psql on a replica, through the gateway");
        out.println("  marina connect demo --print-url             # the URL, password included");
        out.println("  marina connect demo --print-url --direct    # the URL that bypasses the gateway");
        out.println("  psql \"$(marina connect demo --print-url)\"");
        out.println("Look:");
        out.println("  marina get clusters");
        out.println("  marina describe cluster demo");
        out.println("Clean up:");
        out.println("  marina delete cluster demo --purge          # the cluster and its data");
        out.println("  marina down                                 # the control plane");
    }

    /** The member listening on {@code port}, as {@code demo-postgres-2, port 5433}, or the port alone. */
    static String memberOnPort(List<MemberStatus> members, int port) {
        return members.stream()
                .filter(member -> member.endpoint() != null && member.endpoint().endsWith(":" + port))
                .map(member -> member.name() + ", port " + port)
                .findFirst()
                .orElse("port " + port);
    }
}
