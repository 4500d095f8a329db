package dev.marina.control.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.marina.api.ClusterSpec;
import dev.marina.api.ClusterStatus;
import dev.marina.api.ComponentSpec;
import dev.marina.api.DatabaseCluster;
import dev.marina.api.MemberStatus;
import dev.marina.api.ObjectMeta;
import dev.marina.api.http.ClusterTopology;
import dev.marina.api.http.ClusterTopology.Member;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopologyViewTest {

    private static final MemberStatus PRIMARY =
            data("demo-postgres-1", "primary", 4L, "running", "127.0.0.1:20001", 0L);
    private static final MemberStatus REPLICA_0 =
            data("demo-postgres-0", "replica", 4L, "streaming", "127.0.0.1:20000", 512L);
    private static final MemberStatus REPLICA_2 =
            data("demo-postgres-2", "replica", 4L, "streaming", "127.0.0.1:20002", 0L);
    private static final MemberStatus GATEWAY =
            new MemberStatus("demo-gateway-0", "gateway", null, null, "running", "127.0.0.1:20010", null, 300L, null);

    @Test
    void listsThePrimaryFirstThenTheReplicasByName() {
        ClusterTopology topology = TopologyView.of(cluster(List.of(REPLICA_2, PRIMARY, REPLICA_0)));

        assertThat(topology.cluster()).isEqualTo("demo");
        assertThat(topology.members())
                .extracting(Member::name, Member::role, Member::epoch, Member::state, Member::host, Member::port)
                .containsExactly(
                        tuple("demo-postgres-1", "primary", 4L, "running", "127.0.0.1", 20001),
                        tuple("demo-postgres-0", "replica", 4L, "streaming", "127.0.0.1", 20000),
                        tuple("demo-postgres-2", "replica", 4L, "streaming", "127.0.0.1", 20002));
    }

    @Test
    void givesTheLagOfReplicasOnlyAsThePrimaryIsBehindNoOne() {
        ClusterTopology topology = TopologyView.of(cluster(List.of(PRIMARY, REPLICA_0, REPLICA_2)));

        assertThat(topology.members()).extracting(Member::lagBytes).containsExactly(null, 512L, 0L);
    }

    @Test
    void givesTheLagInSecondsOfReplicasWhenKnown() {
        MemberStatus behind = new MemberStatus(
                "demo-postgres-0", "postgres", "replica", 4L, "streaming", "127.0.0.1:20000", 512L, 3L, 100L, null);

        ClusterTopology topology = TopologyView.of(cluster(List.of(PRIMARY, behind, REPLICA_2)));

        assertThat(topology.members()).extracting(Member::lagSeconds).containsExactly(null, 3L, null);
    }

    @Test
    void leavesOutMembersOfOtherComponentsSuchAsGateways() {
        ClusterTopology topology = TopologyView.of(cluster(List.of(GATEWAY, PRIMARY, REPLICA_0)));

        assertThat(topology.members()).extracting(Member::name).containsExactly("demo-postgres-1", "demo-postgres-0");
    }

    @Test
    void findsTheDataMembersWhereTheComponentsAreSortedWithTheGatewayFirst() {
        Map<String, ComponentSpec> sorted =
                new java.util.TreeMap<>(cluster(List.of()).spec().components());
        DatabaseCluster cluster = cluster(List.of(GATEWAY, PRIMARY, REPLICA_0));
        DatabaseCluster asAnApiServerKeepsIt =
                cluster.withSpec(new ClusterSpec("postgresql", "17", sorted, null, null));

        ClusterTopology topology = TopologyView.of(asAnApiServerKeepsIt);

        assertThat(asAnApiServerKeepsIt.spec().components().keySet()).first().isEqualTo("gateway");
        assertThat(topology.members()).extracting(Member::name).containsExactly("demo-postgres-1", "demo-postgres-0");
    }

    @Test
    void leavesOutMembersWithoutAnEndpoint() {
        MemberStatus unplaced = data("demo-postgres-2", null, null, "starting", null, null);

        ClusterTopology topology = TopologyView.of(cluster(List.of(PRIMARY, unplaced)));

        assertThat(topology.members()).extracting(Member::name).containsExactly("demo-postgres-1");
    }

    @Test
    void keepsMembersWhoseRoleIsNotKnownYet() {
        MemberStatus starting = data("demo-postgres-2", null, null, "starting", "127.0.0.1:20002", null);

        ClusterTopology topology = TopologyView.of(cluster(List.of(starting, PRIMARY)));

        assertThat(topology.members())
                .extracting(Member::name, Member::role, Member::state)
                .containsExactly(
                        tuple("demo-postgres-1", "primary", "running"), tuple("demo-postgres-2", null, "starting"));
    }

    @Test
    void putsThePrimaryOnTheHigherEpochFirstWhileTheOldOneIsNotFencedYet() {
        MemberStatus oldPrimary = data("demo-postgres-0", "primary", 4L, "running", "127.0.0.1:20000", 0L);
        MemberStatus newPrimary = data("demo-postgres-2", "primary", 5L, "running", "127.0.0.1:20002", 0L);

        ClusterTopology topology = TopologyView.of(cluster(List.of(oldPrimary, newPrimary)));

        assertThat(topology.members()).extracting(Member::name).containsExactly("demo-postgres-2", "demo-postgres-0");
    }

    @Test
    void splitsAnIpv6EndpointAtItsLastColon() {
        MemberStatus bracketed = data("demo-postgres-0", "primary", 4L, "running", "[::1]:20000", 0L);
        MemberStatus bare = data("demo-postgres-1", "replica", 4L, "streaming", "::1:20001", 0L);

        ClusterTopology topology = TopologyView.of(cluster(List.of(bracketed, bare)));

        assertThat(topology.members())
                .extracting(Member::host, Member::port)
                .containsExactly(tuple("::1", 20000), tuple("::1", 20001));
    }

    @Test
    void aClusterWithoutStatusHasNoMembers() {
        ClusterTopology topology = TopologyView.of(cluster(List.of()).withStatus(null));

        assertThat(topology.members()).isEmpty();
        assertThat(topology.version()).isNotEmpty();
    }

    @Test
    void equalContentGivesTheSameVersionWhateverTheOrderAndTheRestOfTheStatus() {
        ClusterTopology first = TopologyView.of(cluster(List.of(PRIMARY, REPLICA_0, REPLICA_2)));
        // Rebuilt from scratch, as a restarted control plane would, in another order and with a member the feed
        // leaves out and a changed pid and message it does not carry.
        MemberStatus restartedReplica = new MemberStatus(
                "demo-postgres-0", "postgres", "replica", 4L, "streaming", "127.0.0.1:20000", 512L, 999L, "hello");
        ClusterTopology second = TopologyView.of(cluster(List.of(GATEWAY, REPLICA_2, restartedReplica, PRIMARY)));

        assertThat(second.version()).isEqualTo(first.version()).matches("[0-9a-f]{16}");
        assertThat(second).isEqualTo(first);
    }

    @Test
    void aChangedRoleEpochStateOrLagInBytesOrSecondsGivesAnotherVersion() {
        List<MemberStatus> before = List.of(PRIMARY, REPLICA_0);
        String version = TopologyView.of(cluster(before)).version();

        List<List<MemberStatus>> changes = List.of(
                List.of(PRIMARY, data("demo-postgres-0", "primary", 4L, "streaming", "127.0.0.1:20000", 512L)),
                List.of(PRIMARY, data("demo-postgres-0", "replica", 5L, "streaming", "127.0.0.1:20000", 512L)),
                List.of(PRIMARY, data("demo-postgres-0", "replica", 4L, "starting", "127.0.0.1:20000", 512L)),
                List.of(PRIMARY, data("demo-postgres-0", "replica", 4L, "streaming", "127.0.0.1:20000", 513L)),
                List.of(PRIMARY, data("demo-postgres-0", "replica", 4L, "streaming", "127.0.0.1:20003", 512L)),
                List.of(
                        PRIMARY,
                        new MemberStatus(
                                "demo-postgres-0",
                                "postgres",
                                "replica",
                                4L,
                                "streaming",
                                "127.0.0.1:20000",
                                512L,
                                1L,
                                100L,
                                null)),
                List.of(PRIMARY));

        assertThat(changes)
                .extracting(members -> TopologyView.of(cluster(members)).version())
                .doesNotContain(version)
                .doesNotHaveDuplicates();
    }

    private static MemberStatus data(String name, String role, Long epoch, String state, String endpoint, Long lag) {
        return new MemberStatus(name, "postgres", role, epoch, state, endpoint, lag, 100L, null);
    }

    private static DatabaseCluster cluster(List<MemberStatus> members) {
        Map<String, ComponentSpec> components = new LinkedHashMap<>();
        components.put("postgres", new ComponentSpec(3, null, null, null));
        components.put("gateway", new ComponentSpec(1, null, null, null));
        DatabaseCluster cluster = DatabaseCluster.of(
                ObjectMeta.named("demo"), new ClusterSpec("postgresql", "17", components, null, null));
        return cluster.withStatus(new ClusterStatus("Ready", 1L, null, "demo-postgres-1", 4L, members, null));
    }
}
