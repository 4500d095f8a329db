package dev.marina.testkit;

import static dev.marina.testkit.ControlPlane.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.marina.api.DatabaseOperation;
import dev.marina.api.OperationSpec;
import dev.marina.api.OperationStatus;
import dev.marina.api.OperationStep;
import dev.marina.control.event.EventRecorder;
import dev.marina.control.operation.OperationLedger;
import dev.marina.control.operation.OperationRefusedException;
import dev.marina.control.reconcile.ClusterReconciler;
import dev.marina.control.service.ConflictException;
import dev.marina.testkit.FakeRuntime.Call;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Day-2 operations through the real service, runner, reconciler and planner, on the fake engine and runtime. */
class OperationsTest {

    private static final String DEMO = "demo";
    private static final String M0 = "demo-db-0";
    private static final String M1 = "demo-db-1";
    private static final String M2 = "demo-db-2";

    private final ControlPlane plane = new ControlPlane();

    @Test
    void switchoverToANamedReplicaStopsThePrimaryCleanlyPromotesAndRejoinsTheOldOne() {
        createReadyCluster(3);

        DatabaseOperation operation = runToEnd(switchover(M2));

        assertThat(operation.status().phase()).isEqualTo(OperationStatus.SUCCEEDED);
        assertThat(plane.engine.primary(DEMO)).contains(M2);
        assertThat(plane.runtime.calls("stop")).contains(new Call("stop", M0));
        assertThat(plane.runtime.calls("fence")).isEmpty();
        assertThat(plane.status(DEMO).primary()).isEqualTo(M2);
        assertThat(plane.reasons(DEMO))
                .containsSubsequence(
                        "OperationStarted", "SwitchoverStarted", "Promoted", "Rejoined", "OperationSucceeded");
        assertThat(plane.status(DEMO).isReady()).isTrue();
    }

    @Test
    void switchoverIsUndoneWhenTheReplicaDidNotReceiveEverything() {
        createReadyCluster(3);
        plane.engine.holdReplay(M1, FakeEngine.INITIAL_POSITION - 10);

        DatabaseOperation operation = runToEnd(switchover(M1));

        assertThat(operation.status().phase()).isEqualTo(OperationStatus.FAILED);
        assertThat(operation.status().message()).contains("switchover undone", M0 + " is primary again");
        assertThat(plane.engine.primary(DEMO)).contains(M0);
        assertThat(plane.engine.calls("promote")).isEmpty();
        assertThat(plane.runtime.isRunning(M0)).isTrue();
        assertThat(plane.store.leadership(DEMO).orElseThrow().failover()).isNull();
    }

    @Test
    void decommissionOfTheMiddleMemberTouchesNoOtherMemberAndItsOrdinalIsNotReused() {
        createReadyCluster(3);
        long pidOf0 = plane.runtime.pid(M0).orElseThrow();
        long pidOf2 = plane.runtime.pid(M2).orElseThrow();

        DatabaseOperation operation = runToEnd(decommission(M1, false));

        assertThat(operation.status().phase()).isEqualTo(OperationStatus.SUCCEEDED);
        assertThat(plane.memberNames(DEMO)).containsExactly(M0, M2);
        assertThat(plane.runtime.pid(M0)).contains(pidOf0);
        assertThat(plane.runtime.pid(M2)).contains(pidOf2);
        assertThat(plane.runtime.calls())
                .filteredOn(call -> call.name().equals("stop") || call.name().equals("start"))
                .containsExactly(new Call("stop", M1));
        assertThat(plane.runtime.targets("removeStorage")).containsExactly(M1);
        assertThat(plane.store
                        .find(DEMO)
                        .orElseThrow()
                        .resource()
                        .spec()
                        .components()
                        .get("db")
                        .replicas())
                .isEqualTo(2);

        plane.operations.create(OperationSpec.of(DEMO, OperationSpec.SCALE).withScale("db", 3), false);
        runUntilFinished();
        assertThat(plane.memberNames(DEMO)).containsExactly(M0, M2, "demo-db-3");
    }

    @Test
    void decommissionWithKeepDataLeavesTheStorage() {
        createReadyCluster(3);

        runToEnd(decommission(M2, true));

        assertThat(plane.memberNames(DEMO)).containsExactly(M0, M1);
        assertThat(plane.runtime.calls("removeStorage")).isEmpty();
        assertThat(plane.events(DEMO, "MemberRemoved"))
                .singleElement()
                .extracting(event -> event.message())
                .asString()
                .contains("its data stays in");
    }

    @Test
    void decommissionOfThePrimarySwitchesOverFirst() {
        createReadyCluster(3);

        DatabaseOperation operation = runToEnd(decommission(M0, false));

        assertThat(operation.status().steps())
                .extracting(OperationStep::action, OperationStep::state)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(OperationStep.SWITCHOVER, OperationStep.SUCCEEDED),
                        org.assertj.core.groups.Tuple.tuple(OperationStep.REMOVE, OperationStep.SUCCEEDED));
        assertThat(plane.memberNames(DEMO)).containsExactly(M1, M2);
        assertThat(plane.engine.primary(DEMO)).isPresent().get().isIn(M1, M2);
        assertThat(plane.status(DEMO).isReady()).isTrue();
    }

    @Test
    void scaleOutThenInNeverTouchesThePrimary() {
        createReadyCluster(3);
        long primaryPid = plane.runtime.pid(M0).orElseThrow();

        assertThat(runToEnd(scale(5)).status().phase()).isEqualTo(OperationStatus.SUCCEEDED);
        assertThat(plane.memberNames(DEMO)).containsExactly(M0, M1, M2, "demo-db-3", "demo-db-4");
        assertThat(plane.status(DEMO).isReady()).isTrue();

        assertThat(runToEnd(scale(2)).status().phase()).isEqualTo(OperationStatus.SUCCEEDED);
        assertThat(plane.memberNames(DEMO)).hasSize(2).contains(M0);
        assertThat(plane.runtime.pid(M0)).contains(primaryPid);
        assertThat(plane.runtime.targets("stop")).doesNotContain(M0);
        assertThat(plane.status(DEMO).isReady()).isTrue();
    }

    @Test
    void rollingRestartGoesReplicasFirstThenSwitchesOverThenTheOldPrimary() {
        createReadyCluster(3);

        DatabaseOperation operation = runToEnd(OperationSpec.of(DEMO, OperationSpec.RESTART));

        assertThat(operation.status().phase()).isEqualTo(OperationStatus.SUCCEEDED);
        assertThat(plane.runtime.targets("stop").stream().distinct()).containsExactly(M1, M2, M0);
        assertThat(plane.engine.primary(DEMO)).isPresent().get().isIn(M1, M2);
        assertThat(plane.runtime.isRunning(M0)).isTrue();
    }

    @Test
    void aSettingThatNeedsARestartRollsOutReplicasFirstAndThePrimaryLast() {
        createReadyCluster(3);
        plane.engine.restartPending(List.of("shared_buffers"));

        plane.apply(yaml(DEMO, 3, true, Map.of("shared_buffers", "256MB")));
        plane.reconciler.reconcile(DEMO);
        List<DatabaseOperation> implied = plane.operations.list(DEMO);
        assertThat(implied).singleElement().satisfies(operation -> {
            assertThat(operation.spec().type()).isEqualTo(OperationSpec.ROLLING_UPDATE);
            assertThat(operation.spec().reason()).contains("shared_buffers");
        });
        plane.engine.restartPending(List.of());
        DatabaseOperation operation = runUntilFinished();

        assertThat(operation.status().phase()).isEqualTo(OperationStatus.SUCCEEDED);
        assertThat(plane.runtime.targets("stop").stream().distinct()).containsExactly(M1, M2, M0);
        assertThat(plane.engine.primary(DEMO)).isPresent().get().isNotEqualTo(M0);
        for (String member : List.of(M0, M1, M2)) {
            assertThat(plane.engine.pendingRestartOf(member)).isEmpty();
        }
    }

    @Test
    void loweringASettingReplicasNeedAtLeastAsHighRestartsThePrimaryFirstInPlace() {
        createReadyCluster(3);
        plane.engine.restartPending(List.of("max_connections"));
        plane.engine.lowering(true);

        plane.apply(yaml(DEMO, 3, true, Map.of("max_connections", "50")));
        plane.reconciler.reconcile(DEMO);
        plane.engine.restartPending(List.of());
        DatabaseOperation operation = runUntilFinished();

        assertThat(operation.status().phase()).isEqualTo(OperationStatus.SUCCEEDED);
        assertThat(plane.runtime.targets("stop").stream().distinct()).containsExactly(M0, M1, M2);
        assertThat(plane.engine.primary(DEMO)).contains(M0);
        assertThat(operation.status().steps())
                .extracting(OperationStep::action, OperationStep::state)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                OperationStep.RESTART_PRIMARY_FIRST, OperationStep.SUCCEEDED),
                        org.assertj.core.groups.Tuple.tuple(OperationStep.RESTART, OperationStep.SUCCEEDED),
                        org.assertj.core.groups.Tuple.tuple(OperationStep.RESTART, OperationStep.SUCCEEDED),
                        org.assertj.core.groups.Tuple.tuple(OperationStep.SWITCHOVER, OperationStep.SKIPPED),
                        org.assertj.core.groups.Tuple.tuple(OperationStep.AWAIT_REJOIN, OperationStep.SKIPPED));
    }

    @Test
    void aSecondChangeDuringARollingUpdateIsCoveredByItWhereItCan() {
        createReadyCluster(3);
        plane.engine.restartPending(List.of("shared_buffers"));
        plane.apply(yaml(DEMO, 3, true, Map.of("shared_buffers", "256MB")));
        plane.reconciler.reconcile(DEMO);
        plane.reconciler.reconcile(DEMO);

        plane.apply(yaml(DEMO, 3, true, Map.of("shared_buffers", "512MB")));
        plane.reconciler.reconcile(DEMO);
        plane.engine.restartPending(List.of());
        runUntilFinished();

        assertThat(plane.operations.list(DEMO))
                .extracting(operation -> operation.status().phase())
                .hasSizeLessThanOrEqualTo(2)
                .containsOnly(OperationStatus.SUCCEEDED);
        for (String member : List.of(M0, M1, M2)) {
            assertThat(plane.engine.pendingRestartOf(member)).as(member).isEmpty();
        }
    }

    @Test
    void aReloadOnlyChangeRestartsNobody() {
        createReadyCluster(3);

        plane.apply(yaml(DEMO, 3, true, Map.of("work_mem", "8MB")));
        plane.reconcileUntilReady(DEMO, 3);

        assertThat(plane.engine.calls("reload")).hasSize(3);
        assertThat(plane.runtime.calls("stop")).isEmpty();
        assertThat(plane.operations.list(DEMO)).isEmpty();
    }

    @Test
    void aQueuedOperationWaitsVisiblyAndIsCancelledBeforeItStarts() {
        createReadyCluster(3);
        DatabaseOperation first = plane.operations.create(OperationSpec.of(DEMO, OperationSpec.RESTART), false);
        DatabaseOperation second = plane.operations.create(switchover(M2), false);
        assertThat(second.status().message()).isEqualTo("queued behind " + first.name());

        DatabaseOperation cancelled = plane.operations.cancel(second.name());
        runUntilFinished();

        assertThat(cancelled.status().phase()).isEqualTo(OperationStatus.CANCELLED);
        assertThat(plane.operations.get(first.name()).status().phase()).isEqualTo(OperationStatus.SUCCEEDED);
        assertThat(plane.operations.get(second.name()).status().steps())
                .extracting(OperationStep::state)
                .containsOnly(OperationStep.CANCELLED);
        assertThatThrownBy(() -> plane.operations.cancel(second.name()))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("already cancelled");
    }

    @Test
    void aRunningOperationStopsAtTheNextSafePoint() {
        createReadyCluster(3);
        DatabaseOperation operation = plane.operations.create(OperationSpec.of(DEMO, OperationSpec.RESTART), false);
        plane.reconciler.reconcile(DEMO);

        plane.operations.cancel(operation.name());
        DatabaseOperation finished = runUntilFinished();

        assertThat(finished.status().phase()).isEqualTo(OperationStatus.CANCELLED);
        assertThat(finished.status().steps().get(0).state()).isIn(OperationStep.CANCELLED, OperationStep.SUCCEEDED);
        assertThat(finished.status().steps().subList(1, 4))
                .extracting(OperationStep::state)
                .containsOnly(OperationStep.CANCELLED);
        assertThat(plane.runtime.targets("stop")).containsExactly(M1);
        assertThat(plane.engine.primary(DEMO)).contains(M0);
    }

    @Test
    void aRestartedControlPlaneResumesAtTheStepItWasIn() {
        createReadyCluster(3);
        DatabaseOperation operation = plane.operations.create(OperationSpec.of(DEMO, OperationSpec.RESTART), false);
        plane.reconciler.reconcile(DEMO);
        plane.reconciler.reconcile(DEMO);
        assertThat(plane.runtime.targets("stop")).containsExactly(M1);

        ClusterReconciler restarted = new ClusterReconciler(
                name -> plane.engine,
                plane.runtime,
                plane.store,
                new EventRecorder(plane.store),
                ControlPlane.CLOCK,
                ControlPlane.SETTINGS,
                new dev.marina.control.health.HealthMonitor(plane.runtime),
                new OperationLedger(plane.store),
                (spec, member) -> {});
        for (int pass = 0; pass < 40 && !finished(operation.name()); pass++) {
            restarted.reconcile(DEMO);
        }

        assertThat(plane.operations.get(operation.name()).status().phase()).isEqualTo(OperationStatus.SUCCEEDED);
        assertThat(plane.runtime.targets("stop").stream().distinct()).containsExactly(M1, M2, M0);
    }

    @Test
    void preflightRefusalsCreateNothing() {
        createReadyCluster(2);

        assertThatThrownBy(() -> plane.operations.create(decommission(M1, false), false))
                .isInstanceOf(OperationRefusedException.class)
                .hasMessageContaining("last replica");
        assertThatThrownBy(() -> plane.operations.create(switchover("demo-db-9"), false))
                .isInstanceOf(OperationRefusedException.class)
                .hasMessageContaining("has no member demo-db-9");
        assertThatThrownBy(() -> plane.operations.create(scale(90), false))
                .isInstanceOf(OperationRefusedException.class)
                .hasMessageContaining("out of range");
        assertThat(plane.operations.list(DEMO)).isEmpty();
        assertThat(plane.store.find(DEMO).orElseThrow().generation()).isEqualTo(1);
    }

    @Test
    void dryRunPlansWithoutCreating() {
        createReadyCluster(3);

        DatabaseOperation planned = plane.operations.create(decommission(M0, false), true);

        assertThat(planned.name()).isNull();
        assertThat(planned.status().message()).contains("dry run");
        assertThat(planned.status().steps())
                .extracting(OperationStep::action)
                .containsExactly(OperationStep.SWITCHOVER, OperationStep.REMOVE);
        assertThat(plane.operations.list(DEMO)).isEmpty();
    }

    private void createReadyCluster(int replicas) {
        plane.apply(yaml(DEMO, replicas, true, Map.of()));
        plane.reconcileUntilReady(DEMO, 5);
        plane.runtime.clearCalls();
        plane.engine.clearCalls();
    }

    private DatabaseOperation runToEnd(OperationSpec spec) {
        plane.operations.create(spec, false);
        return runUntilFinished();
    }

    /** Runs passes until every operation of the cluster ended; returns the newest. */
    private DatabaseOperation runUntilFinished() {
        for (int pass = 0; pass < 60; pass++) {
            plane.reconciler.reconcile(DEMO);
            if (plane.ledger.unfinished(DEMO).isEmpty()) {
                // One more pass settles what the last step left (a rejoin), as the loop would soon after.
                plane.reconcileUntilReady(DEMO, 5);
                List<DatabaseOperation> all = plane.operations.list(DEMO);
                return all.get(all.size() - 1);
            }
        }
        throw new AssertionError(
                "operations did not finish: " + plane.operations.list(DEMO) + "\nevents: " + plane.events(DEMO));
    }

    private boolean finished(String name) {
        return plane.operations.get(name).status().isFinished();
    }

    private static OperationSpec switchover(String to) {
        return OperationSpec.of(DEMO, OperationSpec.SWITCHOVER).withTo(to);
    }

    private static OperationSpec decommission(String member, boolean keepData) {
        return OperationSpec.of(DEMO, OperationSpec.DECOMMISSION)
                .withMember(member)
                .withKeepData(keepData);
    }

    private static OperationSpec scale(int replicas) {
        return OperationSpec.of(DEMO, OperationSpec.SCALE).withScale("db", replicas);
    }
}
