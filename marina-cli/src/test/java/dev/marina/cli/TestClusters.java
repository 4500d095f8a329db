package dev.marina.cli;

import dev.marina.api.AvailabilitySpec;
import dev.marina.api.ClusterSpec;
import dev.marina.api.ClusterStatus;
import dev.marina.api.ComponentSpec;
import dev.marina.api.Condition;
import dev.marina.api.DatabaseCluster;
import dev.marina.api.Endpoints;
import dev.marina.api.MemberStatus;
import dev.marina.api.ObjectMeta;
import dev.marina.api.yaml.Serialization;
import java.util.List;
import java.util.Map;

/** Clusters as the control plane would report them, for the fake to answer with. */
final class TestClusters {

    static final String CREATED = "2026-11-20T10:00:00Z";

    private TestClusters() {}

    static MemberStatus member(String name, String role, String state, int port) {
        return new MemberStatus(
                name,
                "postgres",
                role,
                1L,
                state,
                "127.0.0.1:" + port,
                MemberStatus.ROLE_REPLICA.equals(role) ? 0L : null,
                4000L + port % 100,
                null);
    }

    static List<MemberStatus> readyMembers(String cluster) {
        return List.of(
                member(cluster + "-postgres-1", "primary", "running", 5432),
                member(cluster + "-postgres-2", "replica", "streaming", 5433),
                member(cluster + "-postgres-3", "replica", "streaming", 5434));
    }

    static List<MemberStatus> startingMembers(String cluster) {
        return List.of(
                member(cluster + "-postgres-1", "primary", "running", 5432),
                member(cluster + "-postgres-2", null, "starting", 5433),
                member(cluster + "-postgres-3", null, "starting", 5434));
    }

    static DatabaseCluster ready(String name) {
        return cluster(name, 1, 1L, "Running", "True", "AllMembersReady", readyMembers(name));
    }

    static DatabaseCluster starting(String name) {
        return cluster(name, 1, 1L, "Creating", "False", "MembersStarting", startingMembers(name));
    }

    static DatabaseCluster cluster(
            String name,
            long generation,
            Long observedGeneration,
            String phase,
            String ready,
            String reason,
            List<MemberStatus> members) {
        ObjectMeta metadata = new ObjectMeta(name, Map.of(), Map.of(), generation, "uid-" + name, CREATED);
        ClusterSpec spec = new ClusterSpec(
                "postgresql",
                "15",
                Map.of("postgres", new ComponentSpec(3, Map.of("max_connections", "100"), null, null)),
                new AvailabilitySpec(true, null, null, null, null),
                null);
        ClusterStatus status = new ClusterStatus(
                phase,
                observedGeneration,
                List.of(new Condition(
                        Condition.READY,
                        ready,
                        reason,
                        "True".equals(ready) ? "all 3 members ready" : "2 of 3 members starting",
                        observedGeneration,
                        "2026-11-20T10:01:00Z")),
                name + "-postgres-1",
                2L,
                members,
                new Endpoints(List.of("127.0.0.1:5432"), List.of("127.0.0.1:5433", "127.0.0.1:5434")));
        return new DatabaseCluster(DatabaseCluster.API_VERSION, DatabaseCluster.KIND, metadata, spec, status);
    }

    static String json(Object value) {
        return Serialization.toJson(value);
    }
}
