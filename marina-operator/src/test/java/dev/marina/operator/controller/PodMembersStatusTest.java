package dev.marina.operator.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.marina.api.ClusterStatus;
import dev.marina.api.Condition;
import dev.marina.api.MemberStatus;
import dev.marina.control.member.MemberIdentity;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PodMembersStatusTest {

    private static final List<MemberIdentity> MEMBERS = List.of(
            new MemberIdentity("orders", "postgres", 0),
            new MemberIdentity("orders", "postgres", 1),
            new MemberIdentity("orders", "postgres", 2));

    @Test
    void countsReadyPodsAndNamesTheOthers() {
        ClusterStatus status = PodMembersStatus.compute(
                4,
                MEMBERS,
                Map.of("orders-postgres-0", pod("Running", true), "orders-postgres-1", pod("Pending", false)),
                Map.of(),
                Set.of(),
                Optional.empty(),
                "2026-01-01T00:00:00Z");

        assertThat(status.phase()).isEqualTo("Creating");
        assertThat(status.observedGeneration()).isEqualTo(4);
        assertThat(status.condition(Condition.READY)).hasValueSatisfying(ready -> {
            assertThat(ready.status()).isEqualTo("False");
            assertThat(ready.message())
                    .isEqualTo("1 of 3 members ready; orders-postgres-1 is starting; orders-postgres-2 is starting");
        });
        assertThat(status.members())
                .extracting(MemberStatus::state, MemberStatus::message)
                .containsExactly(
                        tuple(MemberStatus.STATE_RUNNING, null),
                        tuple(MemberStatus.STATE_STARTING, null),
                        tuple(MemberStatus.STATE_STARTING, "pod not created yet"));
        assertThat(status.primary()).isNull();
    }

    @Test
    void aClusterThatWasReadyIsDegradedWhenAPodFailsAndAPendingRevisionKeepsItProgressing() {
        Map<String, Pod> allReady = Map.of(
                "orders-postgres-0", pod("Running", true),
                "orders-postgres-1", pod("Running", true),
                "orders-postgres-2", pod("Running", true));
        ClusterStatus ready = PodMembersStatus.compute(
                1, MEMBERS, allReady, Map.of(), Set.of("orders-postgres-1"), Optional.empty(), "t1");
        assertThat(ready.phase()).isEqualTo("Ready");
        assertThat(ready.condition(Condition.PROGRESSING)).hasValueSatisfying(progressing -> {
            assertThat(progressing.status()).isEqualTo("True");
            assertThat(progressing.message()).isEqualTo("pods with an older pod spec: orders-postgres-1");
        });

        ClusterStatus degraded = PodMembersStatus.compute(
                1,
                MEMBERS,
                Map.of(
                        "orders-postgres-0", pod("Running", true),
                        "orders-postgres-1", pod("Failed", false),
                        "orders-postgres-2", pod("Running", true)),
                Map.of(),
                Set.of(),
                Optional.of(ready),
                "t2");

        assertThat(degraded.phase()).isEqualTo("Degraded");
        assertThat(degraded.condition(Condition.DEGRADED)).hasValueSatisfying(condition -> {
            assertThat(condition.status()).isEqualTo("True");
            assertThat(condition.message()).isEqualTo("orders-postgres-1 is failed");
        });
        assertThat(degraded.condition(Condition.READY).orElseThrow().lastTransitionTime())
                .isEqualTo("t2");
    }

    private static Pod pod(String phase, boolean ready) {
        return new PodBuilder()
                .withNewStatus()
                .withPhase(phase)
                .addNewCondition()
                .withType("Ready")
                .withStatus(ready ? "True" : "False")
                .endCondition()
                .endStatus()
                .build();
    }
}
