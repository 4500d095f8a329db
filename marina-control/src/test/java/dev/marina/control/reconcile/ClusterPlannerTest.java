package dev.marina.control.reconcile;

import static dev.marina.control.reconcile.Observations.APPLIED_HASH;
import static dev.marina.control.reconcile.Observations.COMPONENT;
import static dev.marina.control.reconcile.Observations.empty;
import static dev.marina.control.reconcile.Observations.name;
import static dev.marina.control.reconcile.Observations.primary;
import static dev.marina.control.reconcile.Observations.replica;
import static dev.marina.control.reconcile.Observations.silent;
import static dev.marina.control.reconcile.Observations.spec;
import static dev.marina.control.reconcile.Observations.stopped;
import static dev.marina.control.reconcile.Observations.withAppliedHash;
import static org.assertj.core.api.Assertions.assertThat;

import dev.marina.api.ClusterSpec;
import dev.marina.control.reconcile.PlannedAction.AddMember;
import dev.marina.control.reconcile.PlannedAction.Bootstrap;
import dev.marina.control.reconcile.PlannedAction.Clone;
import dev.marina.control.reconcile.PlannedAction.Reconfigure;
import dev.marina.control.reconcile.PlannedAction.Remove;
import dev.marina.control.reconcile.PlannedAction.Start;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClusterPlannerTest {

    private static final ClusterSpec THREE_SYNCHRONOUS = spec(3, true);

    @Test
    void newClusterWithoutRecordsAddsThreeMembers() {
        ClusterPlan plan = ClusterPlanner.plan(THREE_SYNCHRONOUS, List.of(), Optional.empty(), Map.of());

        assertThat(plan.actions())
                .containsExactly(new AddMember(COMPONENT), new AddMember(COMPONENT), new AddMember(COMPONENT));
        assertThat(plan.primary()).isEmpty();
        assertThat(plan.problems()).isEmpty();
        assertThat(plan.isSettled()).isFalse();
    }

    @Test
    void recordsWithoutDataAndNoPrimaryBootstrapTheLowestOrdinalOnly() {
        // Ordinals compare as numbers: 2 comes before 10 and 11, although "c-db-10" sorts before "c-db-2" as text.
        ClusterPlan plan = ClusterPlanner.plan(
                THREE_SYNCHRONOUS, List.of(empty(11), empty(10), empty(2)), Optional.empty(), hashes());

        assertThat(plan.actions()).containsExactly(new Bootstrap(name(2)));
        assertThat(plan.primary()).contains(name(2));
        assertThat(plan.synchronousStandbys()).isEmpty();
    }

    @Test
    void writablePrimaryGetsEachReplicaWithoutDataClonedFromIt() {
        ClusterPlan plan = ClusterPlanner.plan(
                THREE_SYNCHRONOUS, List.of(primary(0, 1, 100), empty(1), empty(2)), Optional.of(name(0)), hashes());

        assertThat(plan.primary()).contains(name(0));
        assertThat(plan.actions()).containsExactlyInAnyOrder(new Clone(name(1), name(0)), new Clone(name(2), name(0)));
        assertThat(plan.problems()).isEmpty();
    }

    @Test
    void replicasWithoutDataWaitWhileThePrimaryDoesNotAcceptWrites() {
        ClusterPlan plan = ClusterPlanner.plan(
                THREE_SYNCHRONOUS, List.of(stopped(0), empty(1), empty(2)), Optional.of(name(0)), hashes());

        assertThat(plan.primary()).contains(name(0));
        assertThat(plan.actions()).containsExactly(new Start(name(0)));
    }

    @Test
    void replicasWithDataThatAreStoppedAreStarted() {
        ClusterPlan plan = ClusterPlanner.plan(
                THREE_SYNCHRONOUS, List.of(primary(0, 1, 100), stopped(1), stopped(2)), Optional.of(name(0)), hashes());

        assertThat(plan.actions()).containsExactlyInAnyOrder(new Start(name(1)), new Start(name(2)));
    }

    @Test
    void runningMemberWhoseAppliedPlanDiffersFromTheDesiredIsReconfigured() {
        List<MemberObservation> observed =
                List.of(primary(0, 1, 100), replica(1, 1, 100, true), replica(2, 1, 100, true));
        Map<String, String> desired = hashes();
        desired.put(name(1), "changed");

        ClusterPlan plan = ClusterPlanner.plan(THREE_SYNCHRONOUS, observed, Optional.of(name(0)), desired);

        assertThat(plan.actions()).containsExactly(new Reconfigure(name(1)));
    }

    @Test
    void memberWithTheDesiredPlanOrNoRenderedPlanIsLeftAlone() {
        List<MemberObservation> observed =
                List.of(primary(0, 1, 100), replica(1, 1, 100, true), replica(2, 1, 100, true));
        Map<String, String> desired = new LinkedHashMap<>();
        desired.put(name(0), APPLIED_HASH);
        desired.put(name(1), APPLIED_HASH);

        ClusterPlan plan = ClusterPlanner.plan(THREE_SYNCHRONOUS, observed, Optional.of(name(0)), desired);

        assertThat(plan.actions()).isEmpty();
        assertThat(plan.isSettled()).isTrue();
    }

    @Test
    void stoppedMemberWithAnOutdatedPlanIsStartedNotReconfigured() {
        List<MemberObservation> observed =
                List.of(primary(0, 1, 100), withAppliedHash(stopped(1), "old"), replica(2, 1, 100, true));

        ClusterPlan plan = ClusterPlanner.plan(THREE_SYNCHRONOUS, observed, Optional.of(name(0)), hashes());

        assertThat(plan.actions()).containsExactly(new Start(name(1)));
    }

    @Test
    void synchronousStandbysAreTheStreamingReplicasSorted() {
        List<MemberObservation> observed = List.of(
                replica(3, 1, 100, true),
                empty(2),
                primary(1, 1, 100),
                stopped(0),
                replica(4, 1, 90, false),
                replica(5, 1, 100, true));

        ClusterPlan plan = ClusterPlanner.plan(spec(6, true), observed, Optional.of(name(1)), hashes());

        assertThat(plan.synchronousStandbys())
                .as("a standby that is down or not streaming would only keep a later failover from happening")
                .containsExactly(name(3), name(5));
    }

    @Test
    void withNoStreamingStandbyEveryStandbyWithDataIsWaitedFor() {
        List<MemberObservation> observed = List.of(replica(3, 1, 100, false), empty(2), primary(1, 1, 100), stopped(0));

        ClusterPlan plan = ClusterPlanner.plan(spec(4, true), observed, Optional.of(name(1)), hashes());

        assertThat(plan.synchronousStandbys())
                .as("never nobody: a commit waits until some standby has it")
                .containsExactly(name(0), name(3));
    }

    @Test
    void noSynchronousStandbysWithoutSynchronousAvailability() {
        List<MemberObservation> observed =
                List.of(primary(0, 1, 100), replica(1, 1, 100, true), replica(2, 1, 100, true));

        ClusterPlan plan = ClusterPlanner.plan(spec(3, false), observed, Optional.of(name(0)), hashes());

        assertThat(plan.synchronousStandbys()).isEmpty();
        assertThat(plan.isSettled()).isTrue();
    }

    @Test
    void scaleInRemovesTheNewestHealthyReplica() {
        List<MemberObservation> observed =
                List.of(primary(0, 1, 100), replica(1, 1, 100, true), replica(2, 1, 100, true));

        ClusterPlan plan = ClusterPlanner.plan(spec(2, true), observed, Optional.of(name(0)), hashes());

        assertThat(plan.actions()).containsExactly(new Remove(name(2)));
        assertThat(plan.synchronousStandbys()).containsExactly(name(1));
    }

    @Test
    void scaleInNeverRemovesThePrimaryEvenWithTheHighestOrdinal() {
        List<MemberObservation> observed =
                List.of(replica(0, 1, 100, true), replica(1, 1, 100, true), primary(2, 1, 100));

        ClusterPlan plan = ClusterPlanner.plan(spec(2, true), observed, Optional.of(name(2)), hashes());

        assertThat(plan.actions()).containsExactly(new Remove(name(1)));
        assertThat(plan.primary()).contains(name(2));
    }

    @Test
    void scaleInNeverRemovesAStoppedPrimary() {
        // The primary is down (known from the status only): it ranks lowest on health, and must still stay; replacing
        // it comes first.
        List<MemberObservation> observed = List.of(replica(0, 1, 100, false), replica(1, 1, 100, false), stopped(2));

        ClusterPlan plan = ClusterPlanner.plan(spec(2, true), observed, Optional.of(name(2)), hashes());

        assertThat(plan.actions()).noneMatch(action -> action instanceof Remove);
        assertThat(plan.actions()).singleElement().isInstanceOf(PlannedAction.Failover.class);
    }

    @Test
    void scaleInPrefersAStoppedReplicaOverHealthyOnes() {
        List<MemberObservation> observed = List.of(primary(0, 1, 100), stopped(1), replica(2, 1, 100, true));

        ClusterPlan plan = ClusterPlanner.plan(spec(2, true), observed, Optional.of(name(0)), hashes());

        assertThat(plan.actions()).containsExactly(new Remove(name(1)));
    }

    @Test
    void scaleInPrefersAReplicaWithoutData() {
        List<MemberObservation> observed = List.of(primary(0, 1, 100), empty(1), replica(2, 1, 100, true));

        ClusterPlan plan = ClusterPlanner.plan(spec(2, true), observed, Optional.of(name(0)), hashes());

        assertThat(plan.actions()).containsExactly(new Remove(name(1)));
    }

    @Test
    void scaleInPrefersTheMostLaggingReplicaOverTheNewest() {
        List<MemberObservation> observed =
                List.of(primary(0, 1, 1000), replica(1, 1, 400, true), replica(2, 1, 900, true));

        ClusterPlan plan = ClusterPlanner.plan(spec(2, true), observed, Optional.of(name(0)), hashes());

        assertThat(plan.actions()).containsExactly(new Remove(name(1)));
    }

    @Test
    void scaleInByTwoTakesTheWorstFirst() {
        List<MemberObservation> observed = List.of(
                primary(0, 1, 1000),
                replica(1, 1, 1000, true),
                replica(2, 1, 500, true),
                replica(3, 1, 1000, true),
                stopped(4));

        ClusterPlan plan = ClusterPlanner.plan(spec(3, true), observed, Optional.of(name(0)), hashes());

        assertThat(plan.actions()).containsExactly(new Remove(name(4)), new Remove(name(2)));
        assertThat(plan.synchronousStandbys()).containsExactly(name(1), name(3));
    }

    @Test
    void scaleInDoesNotAddMembers() {
        List<MemberObservation> observed = List.of(
                primary(0, 1, 100), replica(1, 1, 100, true), replica(2, 1, 100, true), replica(3, 1, 100, true));

        ClusterPlan plan = ClusterPlanner.plan(spec(2, true), observed, Optional.of(name(0)), hashes());

        assertThat(plan.actions()).containsExactly(new Remove(name(3)), new Remove(name(2)));
    }

    @Test
    void scaleOutAddsOnlyTheMissingMembers() {
        List<MemberObservation> observed =
                List.of(primary(0, 1, 100), replica(1, 1, 100, true), replica(2, 1, 100, true));

        ClusterPlan plan = ClusterPlanner.plan(spec(5, true), observed, Optional.of(name(0)), hashes());

        assertThat(plan.actions()).containsExactly(new AddMember(COMPONENT), new AddMember(COMPONENT));
    }

    @Test
    void twoWritableMembersAreAProblemAndTheNewestEpochWins() {
        List<MemberObservation> observed = List.of(primary(0, 3, 100), primary(1, 2, 500), replica(2, 3, 100, true));

        ClusterPlan plan = ClusterPlanner.plan(THREE_SYNCHRONOUS, observed, Optional.of(name(1)), hashes());

        assertThat(plan.primary()).contains(name(0));
        assertThat(plan.problems())
                .singleElement()
                .asString()
                .contains("more than one member accepts writes")
                .contains(name(0))
                .contains(name(1));
    }

    @Test
    void twoWritableMembersTheNewestEpochWinsWhicheverComesFirst() {
        List<MemberObservation> observed = List.of(primary(0, 2, 100), primary(1, 7, 50), replica(2, 2, 100, true));

        ClusterPlan plan = ClusterPlanner.plan(THREE_SYNCHRONOUS, observed, Optional.of(name(0)), hashes());

        assertThat(plan.primary()).contains(name(1));
        assertThat(plan.problems()).hasSize(1);
    }

    @Test
    void withoutAWritableMemberTheLastKnownPrimaryIsReplaced() {
        List<MemberObservation> observed = List.of(replica(0, 1, 100, false), stopped(1), replica(2, 1, 120, false));

        ClusterPlan plan = ClusterPlanner.plan(THREE_SYNCHRONOUS, observed, Optional.of(name(1)), hashes());

        assertThat(plan.primary()).contains(name(1));
        assertThat(plan.actions())
                .containsExactly(new PlannedAction.Failover(name(1), name(2), "its process is gone (exited with 1)"));
        assertThat(plan.problems()).isEmpty();
    }

    @Test
    void lastKnownPrimaryThatNoLongerExistsIsForgotten() {
        List<MemberObservation> observed = List.of(stopped(0), stopped(1), stopped(2));

        ClusterPlan plan = ClusterPlanner.plan(THREE_SYNCHRONOUS, observed, Optional.of(name(7)), hashes());

        assertThat(plan.primary()).isEmpty();
        // Every member starts in the role its own data gives it; their answers decide the primary next round.
        assertThat(plan.actions()).containsExactly(new Start(name(0)), new Start(name(1)), new Start(name(2)));
    }

    @Test
    void dataButNoKnownPrimaryStartsEveryMemberWithDataAndClonesNothing() {
        List<MemberObservation> observed = List.of(empty(0), stopped(1), stopped(2));

        ClusterPlan plan = ClusterPlanner.plan(THREE_SYNCHRONOUS, observed, Optional.empty(), hashes());

        assertThat(plan.primary()).isEmpty();
        assertThat(plan.actions()).containsExactly(new Start(name(1)), new Start(name(2)));
        // A member that turns out to be the primary must wait for a standby from its first commit on.
        assertThat(plan.synchronousStandbys()).containsExactly(name(1), name(2));
    }

    @Test
    void dataButNoKnownPrimarySkipsMembersThatAlreadyRun() {
        List<MemberObservation> observed = List.of(silent(0), replica(1, 1, 100, false), stopped(2));

        ClusterPlan plan = ClusterPlanner.plan(THREE_SYNCHRONOUS, observed, Optional.empty(), hashes());

        assertThat(plan.primary()).isEmpty();
        assertThat(plan.actions()).containsExactly(new Start(name(2)));
    }

    @Test
    void clusterSetupThatNeverCompletedIsPlannedOnceThePrimaryAcceptsWrites() {
        List<MemberObservation> observed =
                List.of(primary(0, 1, 100), replica(1, 1, 100, true), replica(2, 1, 100, true));

        ClusterPlan plan = ClusterPlanner.plan(THREE_SYNCHRONOUS, observed, Optional.of(name(0)), hashes(), false);

        assertThat(plan.actions()).containsExactly(new PlannedAction.Initialize(name(0)));
    }

    @Test
    void primaryWithoutDataIsReplacedNotCloned() {
        List<MemberObservation> observed = List.of(empty(0), replica(1, 1, 100, false), replica(2, 1, 100, false));

        ClusterPlan plan = ClusterPlanner.plan(THREE_SYNCHRONOUS, observed, Optional.of(name(0)), hashes());

        assertThat(plan.primary()).contains(name(0));
        assertThat(plan.actions())
                .as("equal positions: the lowest ordinal wins")
                .containsExactly(new PlannedAction.Failover(name(0), name(1), "its data is gone"));
    }

    /** Desired hashes equal to what every member of ordinals 0 to 11 has applied: no configuration change. */
    private static Map<String, String> hashes() {
        Map<String, String> hashes = new LinkedHashMap<>();
        for (int ordinal = 0; ordinal < 12; ordinal++) {
            hashes.put(name(ordinal), APPLIED_HASH);
        }
        return hashes;
    }
}
