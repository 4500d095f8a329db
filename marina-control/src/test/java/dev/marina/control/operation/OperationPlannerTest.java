package dev.marina.control.operation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.marina.api.AvailabilitySpec;
import dev.marina.api.ClusterSpec;
import dev.marina.api.ComponentSpec;
import dev.marina.api.MemberStatus;
import dev.marina.api.OperationSpec;
import dev.marina.api.OperationStep;
import dev.marina.control.member.MemberIdentity;
import dev.marina.control.member.MemberRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OperationPlannerTest {

    private static final String CLUSTER = "pg";

    // Switchover

    @Test
    void switchoverToANamedStreamingReplica() {
        List<OperationStep> steps =
                OperationPlanner.plan(switchover("pg-db-2"), facts(true, primary(0), streaming(1, 0), streaming(2, 0)));

        assertThat(steps).last().satisfies(step -> {
            assertThat(step.action()).isEqualTo(OperationStep.AWAIT_REJOIN);
            assertThat(step.member()).isEqualTo("pg-db-0");
        });
        assertThat(steps).first().satisfies(step -> {
            assertThat(step.action()).isEqualTo(OperationStep.SWITCHOVER);
            assertThat(step.member()).isEqualTo("pg-db-2");
            assertThat(step.description()).contains("from pg-db-0 to pg-db-2");
        });
    }

    @Test
    void switchoverWithoutATargetNamesTheReplicaLeastBehind() {
        List<OperationStep> steps =
                OperationPlanner.plan(switchover(null), facts(true, primary(0), streaming(1, 500), streaming(2, 20)));

        assertThat(steps).first().satisfies(step -> {
            assertThat(step.member()).isNull();
            assertThat(step.description()).contains("the best replica (now pg-db-2)");
        });
    }

    @Test
    void switchoverRefusals() {
        ClusterFacts healthy = facts(true, primary(0), streaming(1, 0), stopped(2));
        refused(switchover("pg-db-0"), healthy, "spec.to", "pg-db-0 is already the primary");
        refused(
                switchover("pg-db-7"),
                healthy,
                "spec.to",
                "has no member pg-db-7; its members: pg-db-0, pg-db-1, pg-db-2");
        refused(switchover("pg-db-2"), healthy, "spec.to", "pg-db-2 does not stream from the primary (it is stopped)");
        refused(
                switchover("pg-db-1"),
                facts(true, primary(0), streaming(1, 100L * 1024 * 1024)),
                "spec.to",
                "more than spec.availability.maximumLagOnFailover allows");
        refused(switchover(null), facts(true, primary(0), stopped(1)), "", "nothing to switch over to");
        refused(switchover(null), facts(true, stopped(0), streaming(1, 0)), "", "has no primary accepting writes");
    }

    // Restart

    @Test
    void restartOfAReplicaWaitsUntilItStreams() {
        List<OperationStep> steps = OperationPlanner.plan(restart("pg-db-1"), facts(true, primary(0), streaming(1, 0)));

        assertThat(steps)
                .extracting(OperationStep::action, OperationStep::member)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(OperationStep.RESTART, "pg-db-1"));
    }

    @Test
    void restartOfThePrimaryIsInPlaceAndSaysWritesPause() {
        List<OperationStep> steps = OperationPlanner.plan(restart("pg-db-0"), facts(true, primary(0), streaming(1, 0)));

        assertThat(steps)
                .singleElement()
                .extracting(OperationStep::description)
                .asString()
                .contains("in place: writes pause");
    }

    @Test
    void rollingRestartGoesReplicasFirstThenSwitchesOverThenTheOldPrimary() {
        List<OperationStep> steps = OperationPlanner.plan(
                OperationSpec.of(CLUSTER, OperationSpec.RESTART),
                facts(true, streaming(0, 0), primary(1), streaming(2, 0)));

        assertThat(steps)
                .extracting(OperationStep::index, OperationStep::action, OperationStep::member)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(1, OperationStep.RESTART, "pg-db-0"),
                        org.assertj.core.groups.Tuple.tuple(2, OperationStep.RESTART, "pg-db-2"),
                        org.assertj.core.groups.Tuple.tuple(3, OperationStep.SWITCHOVER, null),
                        org.assertj.core.groups.Tuple.tuple(4, OperationStep.AWAIT_REJOIN, "pg-db-1"));
    }

    @Test
    void rollingUpdateMayRestartThePrimaryFirstThenGoesAsARollingRestart() {
        List<OperationStep> steps = OperationPlanner.plan(
                OperationSpec.of(CLUSTER, OperationSpec.ROLLING_UPDATE), facts(true, primary(0), streaming(1, 0)));

        assertThat(steps)
                .extracting(OperationStep::action, OperationStep::member)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(OperationStep.RESTART_PRIMARY_FIRST, "pg-db-0"),
                        org.assertj.core.groups.Tuple.tuple(OperationStep.RESTART, "pg-db-1"),
                        org.assertj.core.groups.Tuple.tuple(OperationStep.SWITCHOVER, null),
                        org.assertj.core.groups.Tuple.tuple(OperationStep.AWAIT_REJOIN, "pg-db-0"));
        assertThat(steps.get(0).description()).contains("only if the change lowers");
    }

    @Test
    void rollingUpdateOfASingleMemberRestartsItInPlace() {
        List<OperationStep> steps = OperationPlanner.plan(
                OperationSpec.of(CLUSTER, OperationSpec.ROLLING_UPDATE), facts(false, primary(0)));

        assertThat(steps).singleElement().satisfies(step -> {
            assertThat(step.action()).isEqualTo(OperationStep.RESTART);
            assertThat(step.member()).isEqualTo("pg-db-0");
            assertThat(step.description()).contains("no replica to switch over to");
        });
    }

    // Rebuild

    @Test
    void rebuildOfAReplica() {
        List<OperationStep> steps =
                OperationPlanner.plan(rebuild("pg-db-2", false), facts(true, primary(0), streaming(1, 0), stopped(2)));

        assertThat(steps).singleElement().extracting(OperationStep::action).isEqualTo(OperationStep.REBUILD);
    }

    @Test
    void rebuildRefusesThePrimaryAndTheLastStreamingReplicaOfASynchronousCluster() {
        refused(
                rebuild("pg-db-0", false),
                facts(true, primary(0), streaming(1, 0)),
                "spec.member",
                "switch over first");
        refused(
                rebuild("pg-db-1", false),
                facts(true, primary(0), streaming(1, 0), stopped(2)),
                "spec.force",
                "no other replica streams (pg-db-2 is stopped)");
        assertThat(OperationPlanner.plan(rebuild("pg-db-1", true), facts(true, primary(0), streaming(1, 0))))
                .hasSize(1);
        assertThat(OperationPlanner.plan(rebuild("pg-db-1", false), facts(false, primary(0), streaming(1, 0))))
                .hasSize(1);
    }

    // Decommission

    @Test
    void decommissionOfTheMiddleMemberRemovesExactlyIt() {
        List<OperationStep> steps = OperationPlanner.plan(
                decommission("pg-db-1", false), facts(true, primary(0), streaming(1, 0), streaming(2, 0)));

        assertThat(steps).singleElement().satisfies(step -> {
            assertThat(step.action()).isEqualTo(OperationStep.REMOVE);
            assertThat(step.member()).isEqualTo("pg-db-1");
            assertThat(step.description()).contains("lower db replicas to 2").contains("remove its data");
        });
    }

    @Test
    void decommissionOfThePrimarySwitchesOverFirst() {
        List<OperationStep> steps = OperationPlanner.plan(
                decommission("pg-db-0", true), facts(true, primary(0), streaming(1, 0), streaming(2, 0)));

        assertThat(steps)
                .extracting(OperationStep::action)
                .containsExactly(OperationStep.SWITCHOVER, OperationStep.REMOVE);
        assertThat(steps.get(1).description()).contains("keep its data on disk");
    }

    @Test
    void decommissionRefusals() {
        refused(decommission("pg-db-0", false), facts(false, primary(0)), "spec.member", "delete the cluster instead");
        refused(
                decommission("pg-db-1", false),
                facts(true, primary(0), streaming(1, 0)),
                "spec.force",
                "it is the last replica");
        refused(
                decommission("pg-db-2", false),
                facts(true, primary(0), leaving(streaming(1, 0)), streaming(2, 0)),
                "spec.force",
                "it is the last replica");
        refused(
                decommission("pg-db-1", false),
                facts(true, primary(0), leaving(streaming(1, 0)), streaming(2, 0)),
                "spec.member",
                "already being removed");
    }

    @Test
    void forcedDecommissionOfTheLastSynchronousReplicaTurnsSynchronousOff() {
        OperationSpec forced = decommission("pg-db-1", false).withForce(true);

        List<OperationStep> steps = OperationPlanner.plan(forced, facts(true, primary(0), streaming(1, 0)));

        assertThat(steps)
                .singleElement()
                .extracting(OperationStep::description)
                .asString()
                .contains("turn spec.availability.synchronous off");
    }

    // Scale

    @Test
    void scaleOutResizesThenWaitsForTheNewMembers() {
        List<OperationStep> steps =
                OperationPlanner.plan(scale("db", 5), facts(true, primary(0), streaming(1, 0), streaming(2, 0)));

        assertThat(steps)
                .extracting(OperationStep::action)
                .containsExactly(OperationStep.RESIZE, OperationStep.AWAIT_MEMBERS);
        assertThat(steps.get(0).description()).contains("from 3 to 5");
    }

    @Test
    void scaleInNeverRemovesThePrimaryAndPrefersDownThenLaggingThenNewest() {
        List<OperationStep> steps = OperationPlanner.plan(
                scale("db", 2),
                facts(false, streaming(0, 10), streaming(1, 900), stopped(2), primary(3), streaming(4, 10)));

        assertThat(steps)
                .extracting(OperationStep::action, OperationStep::member)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(OperationStep.RESIZE, null),
                        org.assertj.core.groups.Tuple.tuple(OperationStep.REMOVE, "pg-db-2"),
                        org.assertj.core.groups.Tuple.tuple(OperationStep.REMOVE, "pg-db-1"),
                        org.assertj.core.groups.Tuple.tuple(OperationStep.REMOVE, "pg-db-4"));
    }

    @Test
    void scaleToTheCurrentCountHasNothingToDo() {
        assertThat(OperationPlanner.plan(scale("db", 2), facts(true, primary(0), streaming(1, 0))))
                .isEmpty();
    }

    @Test
    void scaleRefusals() {
        refused(scale("gateway", 2), facts(true, primary(0), streaming(1, 0)), "spec.component", "its components: db");
        refused(scale("db", 1), facts(true, primary(0), streaming(1, 0)), "spec.force", "it is the last replica");
        refused(scale("db", 2), facts(true, primary(0), stopped(1), streaming(2, 0)), "", "");
        assertThat(OperationPlanner.plan(scale("db", 2), facts(true, primary(0), stopped(1), streaming(2, 0))))
                .extracting(OperationStep::member)
                .containsExactly(null, "pg-db-1");
    }

    // Helpers

    private static void refused(OperationSpec spec, ClusterFacts facts, String field, String message) {
        if (field.isEmpty() && message.isEmpty()) {
            return;
        }
        assertThatThrownBy(() -> OperationPlanner.plan(spec, facts))
                .isInstanceOfSatisfying(OperationRefusedException.class, refusal -> {
                    assertThat(refusal.field()).isEqualTo(field);
                    assertThat(refusal.getMessage()).contains(message);
                });
    }

    private static OperationSpec switchover(String to) {
        return OperationSpec.of(CLUSTER, OperationSpec.SWITCHOVER).withTo(to);
    }

    private static OperationSpec restart(String member) {
        return OperationSpec.of(CLUSTER, OperationSpec.RESTART).withMember(member);
    }

    private static OperationSpec rebuild(String member, boolean force) {
        return OperationSpec.of(CLUSTER, OperationSpec.REBUILD)
                .withMember(member)
                .withForce(force);
    }

    private static OperationSpec decommission(String member, boolean keepData) {
        return OperationSpec.of(CLUSTER, OperationSpec.DECOMMISSION)
                .withMember(member)
                .withKeepData(keepData);
    }

    private static OperationSpec scale(String component, int replicas) {
        return OperationSpec.of(CLUSTER, OperationSpec.SCALE).withScale(component, replicas);
    }

    private record Given(int ordinal, MemberStatus status, boolean leaving) {}

    private static Given primary(int ordinal) {
        return new Given(ordinal, status(ordinal, MemberStatus.ROLE_PRIMARY, MemberStatus.STATE_RUNNING, 0L), false);
    }

    private static Given streaming(int ordinal, long lag) {
        return new Given(ordinal, status(ordinal, MemberStatus.ROLE_REPLICA, MemberStatus.STATE_STREAMING, lag), false);
    }

    private static Given stopped(int ordinal) {
        return new Given(ordinal, status(ordinal, null, MemberStatus.STATE_STOPPED, null), false);
    }

    private static Given leaving(Given given) {
        return new Given(given.ordinal(), given.status(), true);
    }

    private static MemberStatus status(int ordinal, String role, String state, Long lag) {
        return new MemberStatus(
                "pg-db-" + ordinal, "db", role, 1L, state, "127.0.0.1:" + (5000 + ordinal), lag, 100L + ordinal, null);
    }

    private static ClusterFacts facts(boolean synchronous, Given... members) {
        ClusterSpec spec = new ClusterSpec(
                "postgresql",
                "15",
                Map.of("db", new ComponentSpec(members.length, Map.of(), null, null)),
                new AvailabilitySpec(synchronous, "automatic", null, null, null),
                false);
        List<ClusterFacts.Member> list = new ArrayList<>();
        Optional<String> primary = Optional.empty();
        for (Given given : members) {
            MemberRecord record = new MemberRecord(
                    new MemberIdentity(CLUSTER, "db", given.ordinal()),
                    Map.of("db", 5000 + given.ordinal()),
                    "",
                    "2025-01-01T00:00:00Z",
                    given.leaving(),
                    false);
            list.add(new ClusterFacts.Member(record, Optional.of(given.status())));
            if (MemberStatus.ROLE_PRIMARY.equals(given.status().role())) {
                primary = Optional.of(record.name());
            }
        }
        return new ClusterFacts(CLUSTER, spec, list, primary);
    }
}
