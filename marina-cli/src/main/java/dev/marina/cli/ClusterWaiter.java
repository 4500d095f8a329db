package dev.marina.cli;

import static java.util.Objects.requireNonNull;

import dev.marina.api.ClusterStatus;
import dev.marina.api.DatabaseCluster;
import dev.marina.api.Durations;
import dev.marina.api.MemberStatus;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Polls a cluster until it is ready or gone, telling the user on stderr what changed since the last look (a member
 * that started streaming, a new phase), so a long wait never looks like a hang.
 */
public final class ClusterWaiter {

    private final ControlPlaneClient client;
    private final CommandContext context;
    private final Progress progress;

    public ClusterWaiter(ControlPlaneClient client, CommandContext context) {
        this.client = requireNonNull(client, "client is null");
        this.context = requireNonNull(context, "context is null");
        this.progress = new Progress(context.err(), context.clock());
    }

    /** The cluster once ready; a {@link MarinaException} naming what is not ready when {@code timeout} passes. */
    public DatabaseCluster untilReady(String name, Duration timeout) {
        requireNonNull(name, "name is null");
        Deadline deadline = Deadline.after(timeout, context.clock());
        Map<String, String> lastSeen = new HashMap<>();
        String lastPhase = null;
        while (true) {
            DatabaseCluster cluster = client.cluster(name);
            ClusterStatus status = cluster.status();
            String phase = status == null ? null : status.phase();
            if (phase != null && !phase.equals(lastPhase)) {
                progress.line("cluster " + name + " " + phase);
                lastPhase = phase;
            }
            if (status != null) {
                for (MemberStatus member : status.members()) {
                    String now = memberLine(member);
                    if (!Objects.equals(lastSeen.put(member.name(), now), now)) {
                        progress.line(now);
                    }
                }
            }
            ClusterReadiness readiness = new ClusterReadiness(cluster);
            if (readiness.isReady()) {
                return cluster;
            }
            if (deadline.hasPassed()) {
                throw MarinaException.userError("cluster " + name + " not ready after " + Durations.format(timeout)
                        + ": " + readiness.whatIsMissing() + "; look closer with: marina describe cluster " + name);
            }
            deadline.pause(context.pollInterval());
        }
    }

    /** Returns once the control plane no longer knows the cluster. */
    public void untilGone(String name, Duration timeout) {
        requireNonNull(name, "name is null");
        Deadline deadline = Deadline.after(timeout, context.clock());
        progress.begin("waiting for cluster " + name + " to be deleted");
        while (true) {
            Optional<DatabaseCluster> cluster = client.findCluster(name);
            if (cluster.isEmpty()) {
                progress.end("done");
                return;
            }
            if (deadline.hasPassed()) {
                progress.end("");
                String phase = cluster.get().status() == null
                        ? "no status"
                        : "phase " + cluster.get().status().phase();
                throw MarinaException.userError("cluster " + name + " still exists after " + Durations.format(timeout)
                        + " (" + phase + "); look closer with: marina describe cluster " + name);
            }
            progress.tick();
            deadline.pause(context.pollInterval());
        }
    }

    /** {@code demo-postgres-1 replica streaming}, and the member's message when it has one. */
    static String memberLine(MemberStatus member) {
        StringBuilder line = new StringBuilder(member.name());
        if (member.role() != null) {
            line.append(' ').append(member.role());
        }
        if (member.state() != null) {
            line.append(' ').append(member.state());
        }
        if (member.message() != null && !member.message().isBlank()) {
            line.append(": ").append(member.message());
        }
        return line.toString();
    }
}
