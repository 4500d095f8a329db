package dev.marina.control.service;

import static java.util.Objects.requireNonNull;

import dev.marina.api.DatabaseCluster;
import dev.marina.api.MemberStatus;
import dev.marina.api.http.ClusterTopology;
import dev.marina.api.http.ClusterTopology.Member;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Renders the topology a gateway routes by from a cluster's stored status. Pure: equal statuses give equal topologies
 * with equal versions, also across control-plane restarts, so a gateway that polls a restarted control plane is not
 * woken for nothing.
 */
public final class TopologyView {

    /** The version keeps 64 bits of the digest (16 hex digits): plenty to tell one cluster's topologies apart. */
    private static final int VERSION_BYTES = 8;

    /**
     * Primaries first: during a failover, before the old primary is fenced, two members may report the primary role, and
     * the one on the higher epoch is the one that counts. Then the others by name.
     */
    private static final Comparator<Member> PRIMARY_FIRST = Comparator.comparingInt(
                    (Member member) -> isPrimary(member) ? 0 : 1)
            .thenComparing(
                    member -> isPrimary(member) ? member.epoch() : null,
                    Comparator.nullsLast(Comparator.reverseOrder()))
            .thenComparing(Member::name);

    private TopologyView() {}

    /**
     * The data members of {@code cluster} that have an address, primary first. Members of other components, such as
     * gateways, are left out: a gateway never routes to them.
     */
    public static ClusterTopology of(DatabaseCluster cluster) {
        requireNonNull(cluster, "cluster is null");
        List<MemberStatus> statuses =
                cluster.status() == null ? List.of() : cluster.status().members();
        Optional<String> dataComponent = dataComponent(cluster, statuses);
        List<Member> members = statuses.stream()
                .filter(status ->
                        dataComponent.isPresent() && dataComponent.get().equals(status.component()))
                .flatMap(status -> member(status).stream())
                .sorted(PRIMARY_FIRST)
                .toList();
        return new ClusterTopology(cluster.name(), version(cluster.name(), members), members);
    }

    /**
     * The component whose members hold the data: the primary's, else that of any member reporting a data role, else the
     * spec's first. Not the spec's first alone: a Kubernetes API server keeps a custom resource's maps with their keys
     * sorted, so {@code gateway} may come before {@code postgres} there.
     */
    private static Optional<String> dataComponent(DatabaseCluster cluster, List<MemberStatus> statuses) {
        String primary = cluster.status() == null ? null : cluster.status().primary();
        Optional<String> byPrimary = statuses.stream()
                .filter(status -> status.name().equals(primary))
                .map(MemberStatus::component)
                .findFirst();
        if (byPrimary.isPresent()) {
            return byPrimary;
        }
        Optional<String> byRole = statuses.stream()
                .filter(status -> MemberStatus.ROLE_PRIMARY.equals(status.role())
                        || MemberStatus.ROLE_REPLICA.equals(status.role()))
                .map(MemberStatus::component)
                .findFirst();
        return byRole.isPresent()
                ? byRole
                : cluster.spec().components().keySet().stream().findFirst();
    }

    private static Optional<Member> member(MemberStatus status) {
        if (status.endpoint() == null) {
            return Optional.empty();
        }
        // The reconciler writes endpoints as host:port; the last colon splits them, so an IPv6 host survives.
        int colon = status.endpoint().lastIndexOf(':');
        if (colon <= 0) {
            return Optional.empty();
        }
        String host = status.endpoint().substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(status.endpoint().substring(colon + 1));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        boolean primary = MemberStatus.ROLE_PRIMARY.equals(status.role());
        return Optional.of(new Member(
                status.name(),
                status.role(),
                status.epoch(),
                status.state(),
                host,
                port,
                // A primary is not behind anyone; the status says 0, the feed says nothing.
                primary ? null : status.lag(),
                primary ? null : status.lagSeconds()));
    }

    private static boolean isPrimary(Member member) {
        return MemberStatus.ROLE_PRIMARY.equals(member.role());
    }

    private static String version(String cluster, List<Member> members) {
        StringBuilder content = new StringBuilder();
        field(content, cluster);
        for (Member member : members) {
            field(content, member.name());
            field(content, member.role());
            field(content, member.epoch());
            field(content, member.state());
            field(content, member.host());
            field(content, member.port());
            field(content, member.lagBytes());
            field(content, member.lagSeconds());
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(content.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, VERSION_BYTES);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** Length-prefixed, so no two different contents give the same text, whatever characters a value holds. */
    private static void field(StringBuilder content, Object value) {
        if (value == null) {
            content.append('-');
            return;
        }
        String text = value.toString();
        content.append(text.length()).append(':').append(text);
    }
}
