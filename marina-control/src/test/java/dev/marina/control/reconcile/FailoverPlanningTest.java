package dev.marina.control.reconcile;

import static dev.marina.control.reconcile.Observations.crashedPrimary;
import static dev.marina.control.reconcile.Observations.empty;
import static dev.marina.control.reconcile.Observations.name;
import static dev.marina.control.reconcile.Observations.primary;
import static dev.marina.control.reconcile.Observations.replica;
import static dev.marina.control.reconcile.Observations.silentFor;
import static dev.marina.control.reconcile.Observations.spec;
import static dev.marina.control.reconcile.Observations.stopped;
import static org.assertj.core.api.Assertions.assertThat;

import dev.marina.api.ClusterSpec;
import dev.marina.control.reconcile.PlannedAction.AbandonFailover;
import dev.marina.control.reconcile.PlannedAction.Clone;
import dev.marina.control.reconcile.PlannedAction.Failover;
import dev.marina.control.reconcile.PlannedAction.Rejoin;
import dev.marina.control.reconcile.PlannedAction.Start;
import dev.marina.control.store.Leadership;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The planner's failover decisions: when to fail over, to whom, when to refuse, and how to finish. */
class FailoverPlanningTest {

    private static final ClusterSpec SYNCHRONOUS = spec(3, true, "automatic", "16Mi");
    private static final ClusterSpec ASYNCHRONOUS = spec(3, false, "automatic", "100");
    private static final ClusterSpec MANUAL = spec(3, true, "manual", "16Mi");

    @Test
    void crashedPrimaryIsReplacedByTheMostAdvancedSynchronousStandby() {
        List<MemberObservation> observed =
                List.of(crashedPrimary(0, 500), replica(1, 1, 480, false), replica(2, 1, 500, false));

        ClusterPlan plan = plan(SYNCHRONOUS, observed, leadership(0, name(1), name(2)));

        assertThat(plan.actions()).containsExactly(new Failover(name(0), name(2), "its process is gone (killed)"));
        assertThat(plan.problems()).isEmpty();
    }

    @Test
    void onlyARecordedSynchronousStandbyMayBePromoted() {
        // Member 2 is further ahead but was not confirming commits: member 1 holds every acknowledged one.
        List<MemberObservation> observed =
                List.of(crashedPrimary(0, 500), replica(1, 1, 480, false), replica(2, 1, 500, false));

        ClusterPlan plan = plan(SYNCHRONOUS, observed, leadership(0, name(1)));

        assertThat(plan.actions()).containsExactly(new Failover(name(0), name(1), "its process is gone (killed)"));
    }

    @Test
    void noFailoverWhileASynchronousStandbyIsDownAndTheCrashedPrimaryIsRestartedInPlace() {
        List<MemberObservation> observed = List.of(crashedPrimary(0, 500), stopped(1), replica(2, 1, 500, false));

        ClusterPlan plan = plan(SYNCHRONOUS, observed, leadership(0, name(1), name(2)));

        assertThat(plan.actions())
                .as("nobody was promoted, so restarting it loses nothing")
                .containsExactly(new Start(name(0)));
        assertThat(plan.problems())
                .singleElement()
                .asString()
                .contains("nobody is promoted", "synchronous standby " + name(1) + " does not answer");
    }

    @Test
    void frozenPrimaryIsLeftAloneUntilItMissedEnoughProbes() {
        List<MemberObservation> waiting =
                List.of(silentFor(0, 3, 500), replica(1, 1, 500, false), replica(2, 1, 500, false));
        List<MemberObservation> failed =
                List.of(silentFor(0, 4, 500), replica(1, 1, 500, false), replica(2, 1, 500, false));

        ClusterPlan patient = plan(SYNCHRONOUS, waiting, leadership(0, name(1), name(2)));
        ClusterPlan decided = plan(SYNCHRONOUS, failed, leadership(0, name(1), name(2)));

        assertThat(patient.actions()).isEmpty();
        assertThat(patient.problems()).singleElement().asString().contains("does not answer", "3 of 4");
        assertThat(decided.actions()).containsExactly(new Failover(name(0), name(1), "it missed 4 probes in a row"));
    }

    @Test
    void manualFailoverOnlyReportsAndRestartsACrashedPrimary() {
        List<MemberObservation> crashed =
                List.of(crashedPrimary(0, 500), replica(1, 1, 500, false), replica(2, 1, 500, false));
        List<MemberObservation> frozen =
                List.of(silentFor(0, 9, 500), replica(1, 1, 500, false), replica(2, 1, 500, false));

        ClusterPlan afterCrash = plan(MANUAL, crashed, leadership(0, name(1), name(2)));
        ClusterPlan whileFrozen = plan(MANUAL, frozen, leadership(0, name(1), name(2)));

        assertThat(afterCrash.actions()).containsExactly(new Start(name(0)));
        assertThat(whileFrozen.actions()).isEmpty();
        assertThat(whileFrozen.problems()).singleElement().asString().contains("failover is manual");
    }

    @Test
    void asynchronousFailoverRespectsTheLagBudget() {
        List<MemberObservation> close =
                List.of(crashedPrimary(0, 1000), replica(1, 1, 950, false), replica(2, 1, 920, false));
        List<MemberObservation> far =
                List.of(crashedPrimary(0, 1000), replica(1, 1, 850, false), replica(2, 1, 820, false));

        assertThat(plan(ASYNCHRONOUS, close, leadership(0)).actions())
                .containsExactly(new Failover(name(0), name(1), "its process is gone (killed)"));
        ClusterPlan refused = plan(ASYNCHRONOUS, far, leadership(0));
        assertThat(refused.actions()).containsExactly(new Start(name(0)));
        assertThat(refused.problems())
                .singleElement()
                .asString()
                .contains(name(1) + " is 150 bytes behind", "maximumLagOnFailover (100 bytes)");
    }

    @Test
    void primaryWithoutAnySynchronousStandbyRecordedIsNotReplaced() {
        List<MemberObservation> observed =
                List.of(crashedPrimary(0, 500), replica(1, 1, 500, false), replica(2, 1, 500, false));

        ClusterPlan plan = plan(SYNCHRONOUS, observed, leadership(0));

        assertThat(plan.actions()).containsExactly(new Start(name(0)));
        assertThat(plan.problems()).singleElement().asString().contains("no synchronous standby");
    }

    @Test
    void failoverUnderWayIsFinishedOnceTheCandidateWrites() {
        List<MemberObservation> observed = List.of(stopped(0), primary(1, 2, 600), replica(2, 1, 500, false));

        ClusterPlan plan = plan(SYNCHRONOUS, observed, underWay(0, 1));

        assertThat(plan.actions()).singleElement().isInstanceOf(Failover.class);
        assertThat(((Failover) plan.actions().get(0)).to()).isEqualTo(name(1));
    }

    @Test
    void failoverUnderWayIsResumedWithTheSameCandidate() {
        List<MemberObservation> observed =
                List.of(crashedPrimary(0, 500), replica(1, 1, 500, false), replica(2, 1, 500, false));

        ClusterPlan plan = plan(SYNCHRONOUS, observed, underWay(0, 1));

        assertThat(plan.actions()).containsExactly(new Failover(name(0), name(1), "its process is gone (killed)"));
    }

    @Test
    void failoverUnderWayIsUndoneWhenTheOldPrimaryStillWrites() {
        List<MemberObservation> observed =
                List.of(primary(0, 1, 500), replica(1, 1, 500, true), replica(2, 1, 500, true));

        ClusterPlan plan = plan(SYNCHRONOUS, observed, underWay(0, 1));

        assertThat(plan.actions())
                .singleElement()
                .isInstanceOfSatisfying(
                        AbandonFailover.class,
                        abandon -> assertThat(abandon.fenceCandidate())
                                .as("it was never fenced, so nobody was told to promote")
                                .isFalse());
    }

    @Test
    void failoverUnderWayWhoseCandidateStoppedIsAbandonedAndTheCandidateFenced() {
        List<MemberObservation> observed = List.of(crashedPrimary(0, 500), stopped(1), replica(2, 1, 500, false));

        ClusterPlan plan = plan(SYNCHRONOUS, observed, underWay(0, 1));

        assertThat(plan.actions())
                .singleElement()
                .isInstanceOfSatisfying(
                        AbandonFailover.class,
                        abandon -> assertThat(abandon.fenceCandidate()).isTrue());
    }

    @Test
    void failoverUnderWayWaitsForACandidateThatRunsButDoesNotAnswerYet() {
        List<MemberObservation> observed =
                List.of(crashedPrimary(0, 500), Observations.silent(1), replica(2, 1, 500, false));

        ClusterPlan plan = plan(SYNCHRONOUS, observed, underWay(0, 1));

        assertThat(plan.actions()).isEmpty();
        assertThat(plan.problems()).singleElement().asString().contains("waiting for " + name(1));
    }

    @Test
    void twoWritersFenceTheOneOnTheOlderEpoch() {
        List<MemberObservation> observed = List.of(primary(0, 1, 500), primary(1, 2, 100), replica(2, 2, 100, true));

        ClusterPlan plan = plan(SYNCHRONOUS, observed, leadership(0, name(1), name(2)));

        assertThat(plan.actions()).singleElement().isInstanceOfSatisfying(Failover.class, failover -> {
            assertThat(failover.from()).isEqualTo(name(0));
            assertThat(failover.to()).isEqualTo(name(1));
        });
        assertThat(plan.problems()).singleElement().asString().contains("more than one member accepts writes");
    }

    @Test
    void membersThatMustBeRewoundRejoinOrAreCopiedAgain() {
        List<MemberObservation> observed = List.of(stopped(0), primary(1, 2, 600), empty(2));
        Leadership leadership = new Leadership(name(1), 2, List.of(name(0), name(2)), List.of(name(0), name(2)), null);

        ClusterPlan plan = plan(SYNCHRONOUS, observed, Optional.of(leadership));

        assertThat(plan.actions()).containsExactly(new Rejoin(name(0), name(1)), new Clone(name(2), name(1)));
    }

    @Test
    void aMemberPromotedBySomebodyElseIsFollowedAndTheOldPrimaryRewound() {
        List<MemberObservation> observed = List.of(stopped(0), primary(1, 2, 600), replica(2, 2, 600, true));

        ClusterPlan plan = plan(SYNCHRONOUS, observed, leadership(0, name(1), name(2)));

        assertThat(plan.primary()).contains(name(1));
        assertThat(plan.actions()).contains(new Rejoin(name(0), name(1)));
        assertThat(plan.leadership()).hasValueSatisfying(recorded -> {
            assertThat(recorded.primary()).isEqualTo(name(1));
            assertThat(recorded.epoch()).isEqualTo(2);
            assertThat(recorded.mustRewind()).containsExactly(name(0));
            assertThat(recorded.synchronousStandbys()).containsExactly(name(2));
        });
    }

    @Test
    void aHealthyClusterRecordsItsLeadership() {
        List<MemberObservation> observed =
                List.of(primary(0, 3, 600), replica(1, 3, 600, true), replica(2, 3, 600, true));

        ClusterPlan plan = plan(SYNCHRONOUS, observed, Optional.empty());

        assertThat(plan.leadership()).contains(new Leadership(name(0), 3, List.of(name(1), name(2)), List.of(), null));
    }

    private static ClusterPlan plan(
            ClusterSpec spec, List<MemberObservation> observed, Optional<Leadership> leadership) {
        Map<String, String> hashes = new java.util.LinkedHashMap<>();
        observed.forEach(member -> hashes.put(member.name(), Observations.APPLIED_HASH));
        return ClusterPlanner.plan(new PlanningInput(spec, observed, leadership, Optional.empty(), hashes, true));
    }

    private static Optional<Leadership> leadership(int primary, String... standbys) {
        return Optional.of(new Leadership(name(primary), 1, List.of(standbys), List.of(), null));
    }

    private static Optional<Leadership> underWay(int from, int to) {
        return Optional.of(new Leadership(
                name(from),
                1,
                List.of(name(1), name(2)),
                List.of(),
                new Leadership.Failover(name(from), name(to), "2025-01-01T00:00:00Z")));
    }
}
