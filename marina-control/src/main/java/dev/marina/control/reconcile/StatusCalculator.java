package dev.marina.control.reconcile;

import dev.marina.api.ClusterSpec;
import dev.marina.api.ClusterStatus;
import dev.marina.api.Condition;
import dev.marina.api.Endpoints;
import dev.marina.api.MemberStatus;
import dev.marina.control.engine.RoleReport;
import dev.marina.control.store.Leadership;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Turns one pass's observations and plan into the cluster's status. Pure. */
public final class StatusCalculator {

    /** The conditions a pass computes; any other condition in the status is kept as it is. */
    private static final Set<String> OWN_CONDITIONS =
            Set.of(Condition.READY, Condition.PROGRESSING, Condition.DEGRADED);

    public static final String PHASE_CREATING = "Creating";
    public static final String PHASE_READY = "Ready";
    public static final String PHASE_UPDATING = "Updating";
    public static final String PHASE_DEGRADED = "Degraded";
    public static final String PHASE_DELETING = "Deleting";
    public static final String PHASE_STOPPED = "Stopped";

    private StatusCalculator() {}

    /**
     * @param endpointsByMember the client address of each member
     * @param failure why the last pass failed, or empty
     * @param now the time stamp for condition transitions
     */
    public static ClusterStatus compute(
            ClusterSpec spec,
            long generation,
            List<MemberObservation> observed,
            ClusterPlan plan,
            Map<String, String> endpointsByMember,
            Optional<ClusterStatus> previous,
            Optional<String> failure,
            String now) {
        return compute(spec, generation, observed, List.of(), plan, endpointsByMember, previous, failure, now);
    }

    /**
     * @param observed the members that hold data
     * @param stateless the members of components that hold none (gateways)
     * @param endpointsByMember the client address of each member
     * @param failure why the last pass failed, or empty
     * @param now the time stamp for condition transitions
     */
    public static ClusterStatus compute(
            ClusterSpec spec,
            long generation,
            List<MemberObservation> observed,
            List<MemberObservation> stateless,
            ClusterPlan plan,
            Map<String, String> endpointsByMember,
            Optional<ClusterStatus> previous,
            Optional<String> failure,
            String now) {
        Optional<RoleReport> primaryRole = plan.primary()
                .flatMap(name -> observed.stream()
                        .filter(member -> member.name().equals(name))
                        .findFirst())
                .filter(MemberObservation::isWritable)
                .flatMap(MemberObservation::role);

        int threshold = spec.availabilityOrDefault().failureThresholdOrDefault();
        List<MemberStatus> members = java.util.stream.Stream.concat(observed.stream(), stateless.stream())
                .sorted(Comparator.comparing(member -> member.record().identity()))
                .map(member -> stateless.contains(member)
                        ? statelessStatus(member, endpointsByMember.get(member.name()), threshold)
                        : memberStatus(member, primaryRole, endpointsByMember.get(member.name()), threshold))
                .toList();

        int desired = spec.components().values().stream()
                .mapToInt(component -> component.replicasOrDefault(1))
                .sum();
        List<String> notReady = new ArrayList<>();
        for (MemberStatus member : members) {
            boolean ready = MemberStatus.STATE_RUNNING.equals(member.state())
                    || MemberStatus.STATE_STREAMING.equals(member.state());
            if (!ready) {
                notReady.add(member.name() + " is " + member.state());
            }
        }
        if (members.size() < desired) {
            notReady.add((desired - members.size()) + " of " + desired + " members not created yet");
        }
        if (primaryRole.isEmpty()) {
            notReady.add("no primary accepts writes");
        }
        boolean ready = notReady.isEmpty()
                && members.size() == desired
                && failure.isEmpty()
                && plan.problems().isEmpty();
        boolean progressing = !plan.isSettled();
        boolean everReady = previous.map(status -> !PHASE_CREATING.equals(status.phase()) && status.phase() != null)
                .orElse(false);
        boolean degraded = !ready && everReady && !progressing;

        String phase;
        if (ready) {
            phase = PHASE_READY;
        } else if (!everReady) {
            phase = PHASE_CREATING;
        } else if (degraded || failure.isPresent()) {
            phase = PHASE_DEGRADED;
        } else {
            phase = PHASE_UPDATING;
        }

        List<Condition> previousConditions =
                previous.map(ClusterStatus::conditions).orElse(List.of());
        List<String> problems = new ArrayList<>(plan.problems());
        failure.ifPresent(problems::add);
        List<Condition> conditions = new ArrayList<>(List.of(
                Condition.of(
                        Condition.READY,
                        ready,
                        ready ? "AllMembersReady" : "MembersNotReady",
                        ready ? members.size() + " of " + desired + " members ready" : String.join("; ", notReady),
                        generation,
                        previousConditions,
                        now),
                Condition.of(
                        Condition.PROGRESSING,
                        progressing,
                        progressing ? "Reconciling" : "Reconciled",
                        progressing ? describe(plan.actions()) : "nothing left to do",
                        generation,
                        previousConditions,
                        now),
                Condition.of(
                        Condition.DEGRADED,
                        degraded || !problems.isEmpty(),
                        problems.isEmpty() ? (degraded ? "RedundancyLost" : "FullRedundancy") : "Problem",
                        problems.isEmpty()
                                ? (degraded ? String.join("; ", notReady) : "every member is in service")
                                : String.join("; ", problems),
                        generation,
                        previousConditions,
                        now)));
        // Conditions another writer owns (the operator's SpecAccepted for a refused edit) are theirs to change.
        previousConditions.stream()
                .filter(condition -> !OWN_CONDITIONS.contains(condition.type()))
                .forEach(conditions::add);

        List<String> readWrite = primaryRole.isPresent()
                ? plan.primary().map(endpointsByMember::get).stream().toList()
                : List.of();
        List<String> readOnly = members.stream()
                .filter(member -> MemberStatus.STATE_STREAMING.equals(member.state()))
                .map(MemberStatus::endpoint)
                .toList();
        List<String> gateways = stateless.stream()
                .filter(member -> member.process().running() && member.role().isPresent())
                .map(member -> endpointsByMember.get(member.name()))
                .toList();
        return new ClusterStatus(
                phase,
                generation,
                conditions,
                plan.primary().orElse(null),
                primaryRole
                        .map(RoleReport::epoch)
                        .or(() -> plan.leadership().map(Leadership::epoch))
                        .or(() -> previous.map(ClusterStatus::epoch))
                        .orElse(null),
                members,
                new Endpoints(readWrite, readOnly, gateways));
    }

    /** The status of a cluster whose members the control plane stopped on purpose ({@code marina down}). */
    public static ClusterStatus stopped(ClusterStatus status, String now) {
        List<Condition> conditions = status.conditions().stream()
                .map(condition -> condition.type().equals(Condition.READY)
                        ? new Condition(
                                        Condition.READY,
                                        "False",
                                        "Stopped",
                                        "members stopped by marina down; marina up starts them",
                                        condition.observedGeneration(),
                                        null)
                                .transitionedFrom(condition, now)
                        : condition)
                .toList();
        return new ClusterStatus(
                PHASE_STOPPED,
                status.observedGeneration(),
                conditions,
                status.primary(),
                status.epoch(),
                status.members(),
                new Endpoints(null, null));
    }

    /** A member whose process does not run: no role, no pid; why it stopped, when known. */
    private static MemberStatus notRunning(MemberObservation member, String state, String endpoint) {
        return new MemberStatus(
                member.name(),
                member.record().identity().component(),
                null,
                null,
                state,
                endpoint,
                null,
                null,
                member.process().detail().isEmpty() ? null : member.process().detail());
    }

    /** A member without data is running once it answers; it has no epoch and no lag. */
    private static MemberStatus statelessStatus(MemberObservation member, String endpoint, int threshold) {
        String component = member.record().identity().component();
        if (!member.process().running()) {
            boolean everStarted = !member.record().appliedPlanHash().isEmpty();
            return notRunning(member, everStarted ? MemberStatus.STATE_STOPPED : MemberStatus.STATE_STARTING, endpoint);
        }
        boolean answers = member.role().isPresent();
        boolean unreachable = !answers && member.missedProbes() >= threshold;
        return new MemberStatus(
                member.name(),
                component,
                member.role().map(RoleReport::role).orElse(null),
                null,
                answers
                        ? MemberStatus.STATE_RUNNING
                        : unreachable ? MemberStatus.STATE_FAILED : MemberStatus.STATE_STARTING,
                endpoint,
                null,
                member.process().pid(),
                unreachable ? "runs but does not answer: missed " + member.missedProbes() + " probes in a row" : null);
    }

    private static MemberStatus memberStatus(
            MemberObservation member, Optional<RoleReport> primaryRole, String endpoint, int threshold) {
        if (!member.process().running()) {
            return notRunning(
                    member, member.hasData() ? MemberStatus.STATE_STOPPED : MemberStatus.STATE_STARTING, endpoint);
        }
        if (member.role().isEmpty()) {
            boolean unreachable = member.missedProbes() >= threshold;
            return new MemberStatus(
                    member.name(),
                    member.record().identity().component(),
                    null,
                    null,
                    unreachable ? MemberStatus.STATE_FAILED : MemberStatus.STATE_STARTING,
                    endpoint,
                    null,
                    member.process().pid(),
                    unreachable
                            ? "runs but does not answer: missed " + member.missedProbes() + " probes in a row"
                            : null);
        }
        RoleReport role = member.role().get();
        String state;
        Long lag = null;
        if (role.writable()) {
            state = MemberStatus.STATE_RUNNING;
        } else {
            boolean sameEpoch =
                    primaryRole.map(primary -> primary.epoch() == role.epoch()).orElse(false);
            state = role.streaming() && sameEpoch ? MemberStatus.STATE_STREAMING : MemberStatus.STATE_STARTING;
            lag = primaryRole
                    .map(primary -> Math.max(0, primary.writePosition() - role.replayPosition()))
                    .orElse(null);
        }
        return new MemberStatus(
                member.name(),
                member.record().identity().component(),
                role.role(),
                role.epoch(),
                state,
                endpoint,
                role.writable() ? Long.valueOf(0) : lag,
                lagSeconds(role),
                member.process().pid(),
                null);
    }

    /** Whole seconds, rounded down: the gateway's budget is in whole seconds, and a finer value churns the feed. */
    private static Long lagSeconds(RoleReport role) {
        if (role.writable()) {
            return 0L;
        }
        return role.replayDelayMillis() == RoleReport.DELAY_UNKNOWN ? null : role.replayDelayMillis() / 1000;
    }

    private static String describe(List<PlannedAction> actions) {
        return String.join(
                ", ",
                actions.stream()
                        .map(action -> switch (action) {
                            case PlannedAction.AddMember add -> "add a " + add.component() + " member";
                            case PlannedAction.Bootstrap bootstrap -> "initialize " + bootstrap.member();
                            case PlannedAction.Initialize initialize ->
                                "create users and databases on " + initialize.member();
                            case PlannedAction.Start start -> "start " + start.member();
                            case PlannedAction.Clone clone -> "clone " + clone.member() + " from " + clone.source();
                            case PlannedAction.Reconfigure reconfigure -> "reconfigure " + reconfigure.member();
                            case PlannedAction.Remove remove -> "remove " + remove.member();
                            case PlannedAction.Failover failover ->
                                "fail over from " + failover.from() + " to " + failover.to();
                            case PlannedAction.AbandonFailover abandon ->
                                "abandon the failover from " + abandon.from() + " to " + abandon.to();
                            case PlannedAction.Rejoin rejoin -> "rejoin " + rejoin.member() + " to " + rejoin.source();
                        })
                        .toList());
    }
}
