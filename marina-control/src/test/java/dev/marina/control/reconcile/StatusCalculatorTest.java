package dev.marina.control.reconcile;

import static dev.marina.control.reconcile.Observations.empty;
import static dev.marina.control.reconcile.Observations.name;
import static dev.marina.control.reconcile.Observations.primary;
import static dev.marina.control.reconcile.Observations.replica;
import static dev.marina.control.reconcile.Observations.running;
import static dev.marina.control.reconcile.Observations.spec;
import static dev.marina.control.reconcile.Observations.stopped;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.marina.api.ClusterSpec;
import dev.marina.api.ClusterStatus;
import dev.marina.api.Condition;
import dev.marina.api.MemberStatus;
import dev.marina.control.engine.RoleReport;
import dev.marina.control.reconcile.PlannedAction.Clone;
import dev.marina.control.reconcile.PlannedAction.Start;
import dev.marina.control.runtime.ProcessState;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StatusCalculatorTest {

    private static final ClusterSpec SPEC = spec(3, true);
    private static final String T1 = "2025-01-01T00:00:00Z";
    private static final String T2 = "2025-01-01T00:01:00Z";
    private static final String T3 = "2025-01-01T00:02:00Z";

    private static final List<MemberObservation> HEALTHY =
            List.of(primary(0, 4, 1000), replica(1, 4, 1000, true), replica(2, 4, 400, true));

    @Test
    void allMembersReadyMakeTheClusterReady() {
        ClusterStatus status = compute(HEALTHY, settled(), Optional.empty(), Optional.empty(), T1);

        assertThat(status.phase()).isEqualTo(StatusCalculator.PHASE_READY);
        assertThat(status.observedGeneration()).isEqualTo(3L);
        assertThat(status.primary()).isEqualTo(name(0));
        assertThat(status.isReady()).isTrue();
        Condition ready = status.condition(Condition.READY).orElseThrow();
        assertThat(ready.status()).isEqualTo("True");
        assertThat(ready.observedGeneration()).isEqualTo(3L);
        assertThat(ready.lastTransitionTime()).isEqualTo(T1);
        assertThat(status.condition(Condition.PROGRESSING).orElseThrow().status())
                .isEqualTo("False");
        assertThat(status.condition(Condition.DEGRADED).orElseThrow().status()).isEqualTo("False");
        assertThat(status.members())
                .extracting(MemberStatus::name, MemberStatus::state, MemberStatus::role, MemberStatus::epoch)
                .containsExactly(
                        tuple(name(0), MemberStatus.STATE_RUNNING, "primary", 4L),
                        tuple(name(1), MemberStatus.STATE_STREAMING, "replica", 4L),
                        tuple(name(2), MemberStatus.STATE_STREAMING, "replica", 4L));
    }

    @Test
    void lagIsThePrimaryWritePositionMinusTheReplicaReplayPosition() {
        ClusterStatus status = compute(HEALTHY, settled(), Optional.empty(), Optional.empty(), T1);

        assertThat(status.members()).extracting(MemberStatus::lag).containsExactly(0L, 0L, 600L);
    }

    @Test
    void lagInSecondsIsTheReplayDelayInWholeSecondsAndUnknownWhenTheEngineDoesNotSay() {
        List<MemberObservation> members = List.of(
                primary(0, 4, 1000),
                running(1, new RoleReport("replica", false, 4, 1000, 400, true, 2_999)),
                replica(2, 4, 400, true));

        ClusterStatus status = compute(members, settled(), Optional.empty(), Optional.empty(), T1);

        assertThat(status.members()).extracting(MemberStatus::lagSeconds).containsExactly(0L, 2L, null);
    }

    @Test
    void replicaThatRunsButMissedTheThresholdOfProbesIsFailedNotStarting() {
        MemberObservation unreachable = new MemberObservation(
                Observations.record(2), ProcessState.running(102), true, Optional.empty(), Optional.empty(), 4);
        MemberObservation late = new MemberObservation(
                Observations.record(1), ProcessState.running(101), true, Optional.empty(), Optional.empty(), 3);
        List<MemberObservation> observed = List.of(primary(0, 5, 1000), late, unreachable);

        ClusterStatus status = compute(observed, settled(), Optional.empty(), Optional.empty(), T1);

        assertThat(member(status, 1).state()).isEqualTo(MemberStatus.STATE_STARTING);
        assertThat(member(status, 2).state()).isEqualTo(MemberStatus.STATE_FAILED);
        assertThat(member(status, 2).message()).contains("missed 4 probes");
    }

    @Test
    void replicaOnAnotherEpochIsNotStreaming() {
        List<MemberObservation> observed =
                List.of(primary(0, 5, 1000), replica(1, 4, 1000, true), replica(2, 5, 1000, true));

        ClusterStatus status = compute(observed, settled(), Optional.empty(), Optional.empty(), T1);

        assertThat(member(status, 1).state()).isNotEqualTo(MemberStatus.STATE_STREAMING);
        assertThat(member(status, 2).state()).isEqualTo(MemberStatus.STATE_STREAMING);
        assertThat(status.isReady()).isFalse();
        assertThat(status.endpoints().readOnly()).containsExactly(endpoint(2));
    }

    @Test
    void stoppedMemberAfterReadyWithNothingPlannedIsDegraded() {
        ClusterStatus before = compute(HEALTHY, settled(), Optional.empty(), Optional.empty(), T1);
        List<MemberObservation> observed = List.of(primary(0, 4, 1000), replica(1, 4, 1000, true), stopped(2));

        ClusterStatus status = compute(observed, settled(), Optional.of(before), Optional.empty(), T2);

        assertThat(status.phase()).isEqualTo(StatusCalculator.PHASE_DEGRADED);
        assertThat(status.isReady()).isFalse();
        Condition degraded = status.condition(Condition.DEGRADED).orElseThrow();
        assertThat(degraded.status()).isEqualTo("True");
        assertThat(degraded.message()).contains(name(2) + " is stopped");
        assertThat(member(status, 2).state()).isEqualTo(MemberStatus.STATE_STOPPED);
    }

    @Test
    void stoppedMemberAfterReadyThatIsBeingStartedIsUpdatingNotDegraded() {
        ClusterStatus before = compute(HEALTHY, settled(), Optional.empty(), Optional.empty(), T1);
        List<MemberObservation> observed = List.of(primary(0, 4, 1000), replica(1, 4, 1000, true), stopped(2));
        ClusterPlan plan = plan(List.of(new Start(name(2))));

        ClusterStatus status = compute(observed, plan, Optional.of(before), Optional.empty(), T2);

        assertThat(status.phase()).isEqualTo(StatusCalculator.PHASE_UPDATING);
        assertThat(status.condition(Condition.DEGRADED).orElseThrow().status()).isEqualTo("False");
        Condition progressing = status.condition(Condition.PROGRESSING).orElseThrow();
        assertThat(progressing.status()).isEqualTo("True");
        assertThat(progressing.message()).isEqualTo("start " + name(2));
    }

    @Test
    void failureAfterReadyIsDegradedAndNamed() {
        ClusterStatus before = compute(HEALTHY, settled(), Optional.empty(), Optional.empty(), T1);
        List<MemberObservation> observed = List.of(primary(0, 4, 1000), replica(1, 4, 1000, true), stopped(2));
        String failure = "pass-1/replicas/start " + name(2) + ": port taken";

        ClusterStatus status =
                compute(observed, plan(List.of(new Start(name(2)))), Optional.of(before), Optional.of(failure), T2);

        assertThat(status.phase()).isEqualTo(StatusCalculator.PHASE_DEGRADED);
        assertThat(status.isReady()).isFalse();
        Condition degraded = status.condition(Condition.DEGRADED).orElseThrow();
        assertThat(degraded.status()).isEqualTo("True");
        assertThat(degraded.message()).contains(failure);
    }

    @Test
    void clusterIsCreatingBeforeItWasFirstReady() {
        List<MemberObservation> observed = List.of(primary(0, 1, 100), empty(1), empty(2));
        ClusterPlan plan = new ClusterPlan(
                Optional.of(name(0)),
                List.of(),
                List.of(new Clone(name(1), name(0)), new Clone(name(2), name(0))),
                List.of());

        ClusterStatus first = compute(observed, plan, Optional.empty(), Optional.empty(), T1);
        ClusterStatus second = compute(observed, plan, Optional.of(first), Optional.of("clone failed"), T2);

        assertThat(first.phase()).isEqualTo(StatusCalculator.PHASE_CREATING);
        assertThat(first.isReady()).isFalse();
        assertThat(first.condition(Condition.PROGRESSING).orElseThrow().status())
                .isEqualTo("True");
        assertThat(second.phase()).isEqualTo(StatusCalculator.PHASE_CREATING);
        assertThat(member(first, 1).state()).isEqualTo(MemberStatus.STATE_STARTING);
    }

    @Test
    void missingMembersAreNamedInTheReadyCondition() {
        List<MemberObservation> observed = List.of(primary(0, 1, 100));

        ClusterStatus status = compute(
                observed,
                plan(List.of(new PlannedAction.AddMember("db"), new PlannedAction.AddMember("db"))),
                Optional.empty(),
                Optional.empty(),
                T1);

        assertThat(status.isReady()).isFalse();
        assertThat(status.condition(Condition.READY).orElseThrow().message())
                .contains("2 of 3 members not created yet");
    }

    @Test
    void problemMakesTheClusterNotReady() {
        ClusterPlan plan = new ClusterPlan(
                Optional.of(name(0)),
                List.of(name(1), name(2)),
                List.of(),
                List.of("more than one member accepts writes"));

        ClusterStatus status = compute(HEALTHY, plan, Optional.empty(), Optional.empty(), T1);

        assertThat(status.isReady()).isFalse();
        Condition degraded = status.condition(Condition.DEGRADED).orElseThrow();
        assertThat(degraded.status()).isEqualTo("True");
        assertThat(degraded.reason()).isEqualTo("Problem");
        assertThat(degraded.message()).contains("more than one member accepts writes");
    }

    @Test
    void conditionsKeepTheirTransitionTimeWhileTheirStatusHolds() {
        ClusterStatus first = compute(HEALTHY, settled(), Optional.empty(), Optional.empty(), T1);
        ClusterStatus second = compute(HEALTHY, settled(), Optional.of(first), Optional.empty(), T2);
        List<MemberObservation> broken = List.of(primary(0, 4, 1000), replica(1, 4, 1000, true), stopped(2));
        ClusterStatus third = compute(broken, settled(), Optional.of(second), Optional.empty(), T3);

        assertThat(second.condition(Condition.READY).orElseThrow().lastTransitionTime())
                .isEqualTo(T1);
        assertThat(second.condition(Condition.DEGRADED).orElseThrow().lastTransitionTime())
                .isEqualTo(T1);
        assertThat(third.condition(Condition.READY).orElseThrow().lastTransitionTime())
                .isEqualTo(T3);
        assertThat(third.condition(Condition.DEGRADED).orElseThrow().lastTransitionTime())
                .isEqualTo(T3);
        // Nothing was planned in any of the three passes: Progressing stayed False since the first.
        assertThat(third.condition(Condition.PROGRESSING).orElseThrow().lastTransitionTime())
                .isEqualTo(T1);
    }

    @Test
    void endpointsAreThePrimaryForWritesAndTheStreamingReplicasForReads() {
        List<MemberObservation> observed =
                List.of(primary(0, 4, 1000), replica(1, 4, 1000, false), replica(2, 4, 900, true));

        ClusterStatus status = compute(observed, settled(), Optional.empty(), Optional.empty(), T1);

        assertThat(status.endpoints().readWrite()).containsExactly(endpoint(0));
        assertThat(status.endpoints().readOnly()).containsExactly(endpoint(2));
        assertThat(member(status, 0).endpoint()).isEqualTo(endpoint(0));
    }

    @Test
    void replicasOfAPrimaryThatIsDownHaveNoLag() {
        // Regression: memberStatus once passed "role.writable() ? 0L : lag" where lag is a null Long when no primary
        // accepts
        // writes; the conditional unboxes it and throws a NullPointerException, so no status can be computed.
        List<MemberObservation> observed = List.of(stopped(0), replica(1, 4, 1000, false), replica(2, 4, 900, false));

        ClusterStatus status =
                compute(observed, plan(List.of(new Start(name(0)))), Optional.empty(), Optional.empty(), T1);

        assertThat(status.primary()).isEqualTo(name(0));
        assertThat(status.endpoints().readWrite()).isEmpty();
        assertThat(status.condition(Condition.READY).orElseThrow().message()).contains("no primary accepts writes");
        assertThat(member(status, 1).lag()).isNull();
    }

    private static ClusterStatus compute(
            List<MemberObservation> observed,
            ClusterPlan plan,
            Optional<ClusterStatus> previous,
            Optional<String> failure,
            String now) {
        Map<String, String> endpoints = new LinkedHashMap<>();
        for (MemberObservation member : observed) {
            endpoints.put(member.name(), endpoint(member.record().identity().ordinal()));
        }
        return StatusCalculator.compute(SPEC, 3, observed, plan, endpoints, previous, failure, now);
    }

    private static ClusterPlan settled() {
        return plan(List.of());
    }

    private static ClusterPlan plan(List<PlannedAction> actions) {
        return new ClusterPlan(Optional.of(name(0)), List.of(name(1), name(2)), actions, List.of());
    }

    private static String endpoint(int ordinal) {
        return "host-" + ordinal + ":5432";
    }

    private static MemberStatus member(ClusterStatus status, int ordinal) {
        return status.members().stream()
                .filter(member -> member.name().equals(name(ordinal)))
                .findFirst()
                .orElseThrow();
    }
}
