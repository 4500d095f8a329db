package dev.marina.testkit;

import static dev.marina.testkit.ControlPlane.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import dev.marina.api.ClusterStatus;
import dev.marina.api.Condition;
import dev.marina.api.MemberStatus;
import dev.marina.api.http.ClusterEvent;
import dev.marina.control.store.Leadership;
import dev.marina.testkit.FakeEngine.Call;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Failover through the real reconciler, planner and health monitor, on the fake engine and runtime. */
class FailoverTest {

    private static final String DEMO = "demo";
    private static final String M0 = "demo-db-0";
    private static final String M1 = "demo-db-1";
    private static final String M2 = "demo-db-2";

    private final ControlPlane plane = new ControlPlane();

    @Test
    void killedPrimaryIsReplacedByTheMostAdvancedStandbyAndRejoinsAsItsReplica() {
        createReadyCluster();
        plane.engine.advance(DEMO, 500);
        plane.engine.holdReplay(M1, FakeEngine.INITIAL_POSITION + 400);
        plane.runtime.kill(M0);

        ClusterStatus status = plane.reconcileUntilReady(DEMO, 3);

        assertThat(plane.runtime.targets("fence")).first().isEqualTo(M0);
        assertThat(plane.engine.calls("promote")).containsExactly(new Call("promote", List.of(M2)));
        assertThat(plane.engine.primary(DEMO)).contains(M2);
        assertThat(plane.engine.calls("rewindFrom")).containsExactly(new Call("rewindFrom", List.of(M0, M2)));
        assertThat(plane.reasons(DEMO)).containsSubsequence("PrimaryFailed", "Fenced", "Promoted", "Rejoined");
        assertThat(plane.events(DEMO, "PrimaryFailed"))
                .singleElement()
                .extracting(ClusterEvent::message)
                .asString()
                .contains(M0, "its process is gone", "failing over to " + M2);
        assertThat(status.primary()).isEqualTo(M2);
        assertThat(status.epoch()).isEqualTo(2L);
        assertThat(status.members())
                .filteredOn(member -> MemberStatus.STATE_STREAMING.equals(member.state()))
                .extracting(MemberStatus::name)
                .containsExactlyInAnyOrder(M0, M1);
        assertThat(config(M0)).contains("role = replica", "primary = " + M2);
        assertThat(config(M1)).contains("role = replica", "primary = " + M2);
        assertThat(config(M2)).contains("role = primary", "synchronous_standbys = " + M0 + "," + M1);
        Leadership leadership = plane.store.leadership(DEMO).orElseThrow();
        assertThat(leadership.primary()).isEqualTo(M2);
        assertThat(leadership.epoch()).isEqualTo(2L);
        assertThat(leadership.mustRewind()).isEmpty();
        assertThat(leadership.failover()).isNull();
    }

    @Test
    void frozenPrimaryIsFencedOnlyOnceItMissedEnoughProbes() {
        createReadyCluster();
        List<String> woken = new CopyOnWriteArrayList<>();
        plane.monitor.onChange(woken::add);
        plane.engine.answering(M0, false);

        for (int tick = 1; tick <= 4; tick++) {
            plane.monitor.tick(DEMO);
        }
        plane.reconciler.reconcile(DEMO);

        assertThat(woken).as("three misses are not yet a failure").isEmpty();
        assertThat(plane.runtime.calls("fence")).isEmpty();
        assertThat(plane.status(DEMO)
                        .condition(Condition.DEGRADED)
                        .orElseThrow()
                        .message())
                .contains("primary " + M0 + " does not answer", "3 of 4");

        plane.monitor.tick(DEMO);
        assertThat(woken).as("the fourth miss wakes a pass at once").containsExactly(DEMO);
        plane.reconcileUntilReady(DEMO, 3);

        assertThat(plane.runtime.targets("fence")).first().isEqualTo(M0);
        assertThat(plane.engine.calls("promote")).containsExactly(new Call("promote", List.of(M1)));
        assertThat(plane.engine.calls("rewindFrom")).containsExactly(new Call("rewindFrom", List.of(M0, M1)));
    }

    @Test
    void noFailoverWhenTheOtherSynchronousStandbyIsLostTooAndTheCrashedPrimaryIsRestarted() {
        createReadyCluster();
        plane.runtime.kill(M0);
        plane.runtime.kill(M1);
        plane.runtime.refuseStarts(M1, "disk gone");

        plane.reconciler.reconcile(DEMO);

        assertThat(plane.engine.calls("promote")).isEmpty();
        assertThat(plane.runtime.calls("fence")).isEmpty();
        assertThat(plane.events(DEMO, "FailoverRefused"))
                .singleElement()
                .extracting(ClusterEvent::message)
                .asString()
                .contains("nobody is promoted", "synchronous standby " + M1 + " does not answer");
        assertThat(plane.runtime.targets("start")).startsWith(M0);
        assertThat(plane.engine.primary(DEMO)).contains(M0);
        assertThat(plane.status(DEMO).primary()).isEqualTo(M0);
    }

    @Test
    void failoverWhoseFenceFailsPromotesNobodyAndIsResumedLater() {
        createReadyCluster();
        plane.engine.answering(M0, false);
        plane.runtime.refuseFences(M0, "operation not permitted");
        for (int tick = 1; tick <= 5; tick++) {
            plane.monitor.tick(DEMO);
        }

        plane.reconciler.reconcile(DEMO);

        assertThat(plane.engine.calls("promote")).isEmpty();
        assertThat(plane.store.leadership(DEMO).orElseThrow().failover())
                .as("the intent stays recorded")
                .isEqualTo(plane.store.leadership(DEMO).orElseThrow().failover())
                .isNotNull();
        assertThat(plane.status(DEMO)
                        .condition(Condition.DEGRADED)
                        .orElseThrow()
                        .message())
                .contains("operation not permitted");

        plane.runtime.allowFences(M0);
        plane.reconcileUntilReady(DEMO, 3);

        assertThat(plane.engine.calls("promote")).containsExactly(new Call("promote", List.of(M1)));
        assertThat(plane.events(DEMO, "PrimaryFailed"))
                .as("resumed, not begun again")
                .hasSize(1);
    }

    @Test
    void failoverBegunByADeadControlPlaneIsFinishedWithTheSameCandidate() {
        createReadyCluster();
        plane.runtime.kill(M0);
        recordFailoverUnderWay(M0, M2);

        plane.reconcileUntilReady(DEMO, 3);

        assertThat(plane.engine.calls("promote"))
                .as("the candidate the dead control plane chose, although " + M1 + " is as far")
                .containsExactly(new Call("promote", List.of(M2)));
        assertThat(plane.store.leadership(DEMO).orElseThrow().primary()).isEqualTo(M2);
    }

    @Test
    void failoverPromotedByADeadControlPlaneIsRecordedWithoutPromotingAgain() {
        createReadyCluster();
        plane.runtime.kill(M0);
        recordFailoverUnderWay(M0, M1);
        plane.engine.promote(DEMO, M1);

        ClusterStatus status = plane.reconcileUntilReady(DEMO, 3);

        assertThat(plane.engine.calls("promote")).isEmpty();
        assertThat(status.primary()).isEqualTo(M1);
        assertThat(plane.engine.calls("rewindFrom")).containsExactly(new Call("rewindFrom", List.of(M0, M1)));
        assertThat(plane.store.leadership(DEMO).orElseThrow().failover()).isNull();
    }

    @Test
    void failoverRecordedWhileTheOldPrimaryStillWritesIsUndone() {
        createReadyCluster();
        recordFailoverUnderWay(M0, M1);

        ClusterStatus status = plane.reconcileUntilReady(DEMO, 3);

        assertThat(plane.runtime.calls("fence"))
                .as("nobody was promoted: nobody to fence")
                .isEmpty();
        assertThat(plane.engine.calls("promote")).isEmpty();
        assertThat(status.primary()).isEqualTo(M0);
        assertThat(plane.events(DEMO, "FailoverAbandoned")).hasSize(1);
        assertThat(plane.store.leadership(DEMO).orElseThrow().failover()).isNull();
    }

    @Test
    void replicaWhoseDataWasDeletedUnderItIsFencedAndCopiedAgain() {
        createReadyCluster();
        plane.engine.dropData(M1);

        plane.reconcileUntilReady(DEMO, 3);

        assertThat(plane.runtime.targets("fence")).containsExactly(M1);
        assertThat(plane.engine.calls("cloneFrom")).containsExactly(new Call("cloneFrom", List.of(M1, M0)));
        assertThat(plane.engine.calls("promote")).isEmpty();
    }

    @Test
    void aStandbyThatStaysDownLeavesTheRecordedStandbysOnceTheOthersCaughtUpSoAFailoverStaysPossible() {
        createReadyCluster();
        plane.runtime.kill(M2);
        plane.runtime.refuseStarts(M2, "disk gone");

        plane.reconciler.reconcile(DEMO);

        assertThat(config(M0)).as("the primary no longer waits for it").contains("synchronous_standbys = " + M1 + "\n");
        assertThat(plane.store.leadership(DEMO).orElseThrow().synchronousStandbys())
                .as("it may hold commits acknowledged before: still recorded")
                .containsExactlyInAnyOrder(M1, M2);

        plane.reconciler.reconcile(DEMO);

        assertThat(plane.store.leadership(DEMO).orElseThrow().synchronousStandbys())
                .as("the remaining standby caught up with the primary's position after the change")
                .containsExactly(M1);

        plane.runtime.kill(M0);
        plane.reconciler.reconcile(DEMO);

        assertThat(plane.engine.calls("promote")).containsExactly(new Call("promote", List.of(M1)));
    }

    @Test
    void manualFailoverReportsAFrozenPrimaryAndPromotesNobody() {
        plane.apply(yaml(DEMO, 3, true, Map.of(), "failover: manual"));
        plane.reconcileUntilReady(DEMO, 3);
        plane.engine.answering(M0, false);
        for (int tick = 1; tick <= 5; tick++) {
            plane.monitor.tick(DEMO);
        }

        plane.reconciler.reconcile(DEMO);

        assertThat(plane.runtime.calls("fence")).isEmpty();
        assertThat(plane.engine.calls("promote")).isEmpty();
        assertThat(plane.status(DEMO)
                        .condition(Condition.DEGRADED)
                        .orElseThrow()
                        .message())
                .contains("failover is manual");
    }

    private void createReadyCluster() {
        plane.apply(yaml(DEMO, 3, true, Map.of()));
        plane.reconcileUntilReady(DEMO, 3);
        plane.runtime.clearCalls();
        plane.engine.clearCalls();
    }

    private void recordFailoverUnderWay(String from, String to) {
        Leadership current = plane.store.leadership(DEMO).orElseThrow();
        plane.store.saveLeadership(
                DEMO, current.withFailover(new Leadership.Failover(from, to, "2025-01-01T00:00:00Z")));
    }

    private String config(String member) {
        return plane.runtime.file(member, FakeEngine.CONFIG_FILE).orElseThrow();
    }
}
