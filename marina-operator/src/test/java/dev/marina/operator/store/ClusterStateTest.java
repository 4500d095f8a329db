package dev.marina.operator.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marina.api.AvailabilitySpec;
import dev.marina.api.ClusterSpec;
import dev.marina.api.ComponentSpec;
import dev.marina.control.member.MemberIdentity;
import dev.marina.control.member.MemberRecord;
import dev.marina.control.store.Leadership;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterStateTest {

    @Test
    void stateComesBackEqualFromItsConfigMapData() {
        ClusterState state = ClusterState.EMPTY
                .withSpec(new ClusterState.StoredSpec("uid-1", 4, spec()))
                .withDeletion(new ClusterState.Deletion("uid-1", true))
                .withMembers(List.of(member(1), member(0).markedLeaving(true)))
                .withOrdinalTaken("db")
                .withOrdinalTaken("db")
                .markedInitialized()
                .withLeadership(new Leadership("demo-db-0", 2, List.of("demo-db-1"), List.of(), null))
                .withEventIdsReserved(1);

        assertThat(ClusterState.fromData(state.toData())).isEqualTo(state);
        assertThat(ClusterState.fromData(Map.of())).isEqualTo(ClusterState.EMPTY);
        assertThat(ClusterState.EMPTY.toData()).isEmpty();
    }

    @Test
    void textIsTheSameForTheSameStateAndKeepsTheComponentOrder() {
        ClusterState state = ClusterState.EMPTY
                .withSpec(new ClusterState.StoredSpec("uid-1", 1, spec()))
                .withMembers(List.of(member(0)));

        Map<String, String> data = state.toData();

        // Map.copyOf maps (ports, labels) are written in key order, not in the JVM's salted order...
        assertThat(data.get("members")).contains("{\"db\":20000,\"metrics\":21000}");
        // ...but a spec's components keep the order they were written in: it is the order they start in.
        assertThat(data.get("spec")).containsSubsequence("\"zeta\"", "\"alpha\"");
        assertThat(ClusterState.fromData(data).spec().spec().components().keySet())
                .containsExactly("zeta", "alpha");
    }

    private static ClusterSpec spec() {
        Map<String, ComponentSpec> components = new LinkedHashMap<>();
        components.put("zeta", new ComponentSpec(3, Map.of("b", "2", "a", "1"), null, null));
        components.put("alpha", new ComponentSpec(1, Map.of(), null, null));
        return new ClusterSpec(
                "fake", "1", components, new AvailabilitySpec(true, "automatic", null, null, null), false);
    }

    private static MemberRecord member(int ordinal) {
        return new MemberRecord(
                new MemberIdentity("demo", "db", ordinal),
                Map.of("metrics", 21000 + ordinal, "db", 20000 + ordinal),
                "",
                "2025-01-01T00:00:00Z");
    }
}
