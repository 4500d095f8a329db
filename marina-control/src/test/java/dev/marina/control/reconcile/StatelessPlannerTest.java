package dev.marina.control.reconcile;

import static dev.marina.control.reconcile.Observations.primary;
import static dev.marina.control.reconcile.Observations.replica;
import static org.assertj.core.api.Assertions.assertThat;

import dev.marina.api.AvailabilitySpec;
import dev.marina.api.ClusterSpec;
import dev.marina.api.ComponentSpec;
import dev.marina.control.engine.RoleReport;
import dev.marina.control.member.MemberIdentity;
import dev.marina.control.member.MemberRecord;
import dev.marina.control.runtime.ProcessState;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Members without data (gateways) beside the database members: started, restarted, scaled, never part of failover. */
class StatelessPlannerTest {

    private static final String GATEWAY = "gateway";
    private static final RoleReport ANSWERS = new RoleReport("gateway", false, 0, 0, 0, false);

    @Test
    void aMissingGatewayIsAddedAndANewOneStartedWithoutData() {
        ClusterPlan added = plan(1, List.of());
        assertThat(added.actions()).containsExactly(new PlannedAction.AddMember(GATEWAY));

        ClusterPlan started = plan(1, List.of(gateway(0, ProcessState.stopped(""), Optional.empty())));
        assertThat(started.actions()).containsExactly(new PlannedAction.Start(gatewayName(0)));
    }

    @Test
    void aRunningGatewayWithANewPlanIsReconfiguredAndOneWithItsPlanIsLeftAlone() {
        MemberObservation running = gateway(0, ProcessState.running(42), Optional.of(ANSWERS));

        assertThat(plan(1, List.of(running), Map.of(gatewayName(0), "new")).actions())
                .containsExactly(new PlannedAction.Reconfigure(gatewayName(0)));
        assertThat(plan(1, List.of(running), Map.of(gatewayName(0), Observations.APPLIED_HASH))
                        .actions())
                .isEmpty();
    }

    @Test
    void scalingInRemovesTheNewestGateways() {
        List<MemberObservation> three = List.of(
                gateway(0, ProcessState.running(40), Optional.of(ANSWERS)),
                gateway(1, ProcessState.stopped(""), Optional.empty()),
                gateway(2, ProcessState.running(42), Optional.of(ANSWERS)));

        assertThat(plan(1, three).actions())
                .containsExactlyInAnyOrder(
                        new PlannedAction.Remove(gatewayName(1)), new PlannedAction.Remove(gatewayName(2)));
    }

    @Test
    void aGatewayIsNeverAFailoverCandidateAndWaitsWhileThePrimaryIsReplaced() {
        MemberObservation crashed = Observations.crashedPrimary(0, 1000);
        MemberObservation gateway = gateway(0, ProcessState.stopped(""), Optional.empty());
        PlanningInput input = new PlanningInput(
                specWithGateway(1),
                List.of(crashed, replica(1, 1, 1000, true)),
                Optional.empty(),
                Optional.of(Observations.name(0)),
                Map.of(),
                true,
                Set.of(GATEWAY),
                List.of(gateway));

        ClusterPlan plan = ClusterPlanner.plan(input);

        assertThat(plan.actions()).hasSize(1);
        assertThat(plan.actions().get(0)).isInstanceOf(PlannedAction.Failover.class);
        assertThat(((PlannedAction.Failover) plan.actions().get(0)).to()).isEqualTo(Observations.name(1));
    }

    @Test
    void gatewaysDoNotCountAsStandbysForSynchronousCommit() {
        ClusterPlan plan = plan(1, List.of(gateway(0, ProcessState.running(42), Optional.of(ANSWERS))));

        assertThat(plan.synchronousStandbys()).containsExactly(Observations.name(1));
        assertThat(plan.primary()).contains(Observations.name(0));
    }

    private static ClusterPlan plan(int gateways, List<MemberObservation> stateless) {
        return plan(gateways, stateless, Map.of());
    }

    private static ClusterPlan plan(int gateways, List<MemberObservation> stateless, Map<String, String> hashes) {
        Map<String, String> desired = new LinkedHashMap<>(hashes);
        desired.put(Observations.name(0), Observations.APPLIED_HASH);
        desired.put(Observations.name(1), Observations.APPLIED_HASH);
        return ClusterPlanner.plan(new PlanningInput(
                specWithGateway(gateways),
                List.of(primary(0, 1, 1000), replica(1, 1, 1000, true)),
                Optional.empty(),
                Optional.of(Observations.name(0)),
                desired,
                true,
                Set.of(GATEWAY),
                stateless));
    }

    private static ClusterSpec specWithGateway(int gateways) {
        Map<String, ComponentSpec> components = new LinkedHashMap<>();
        components.put(Observations.COMPONENT, new ComponentSpec(2, Map.of(), null, null));
        components.put(GATEWAY, new ComponentSpec(gateways, Map.of(), null, null));
        return new ClusterSpec(
                "fake", "1", components, new AvailabilitySpec(true, "automatic", null, null, null), false);
    }

    private static String gatewayName(int ordinal) {
        return new MemberIdentity(Observations.CLUSTER, GATEWAY, ordinal).name();
    }

    private static MemberObservation gateway(int ordinal, ProcessState process, Optional<RoleReport> role) {
        MemberRecord record = new MemberRecord(
                new MemberIdentity(Observations.CLUSTER, GATEWAY, ordinal),
                Map.of("read-write", 6000 + ordinal),
                Observations.APPLIED_HASH,
                "2025-01-01T00:00:00Z");
        return new MemberObservation(record, process, false, role);
    }
}
