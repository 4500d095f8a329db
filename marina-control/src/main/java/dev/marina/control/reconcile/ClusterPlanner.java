package dev.marina.control.reconcile;

import dev.marina.api.ClusterSpec;
import dev.marina.api.ComponentSpec;
import dev.marina.control.engine.RoleReport;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Decides the next actions for a cluster from its spec and what was observed. Pure: no I/O and no clock, so every
 * decision has a unit test. Level-triggered: it looks only at the present, and a pass that is cut short is simply
 * planned again.
 */
public final class ClusterPlanner {

    private ClusterPlanner() {}

    /**
     * @param spec the desired cluster
     * @param observed every recorded member, as observed in this pass
     * @param lastKnownPrimary the primary recorded in the status, used while no member answers as writable
     * @param desiredPlanHashes the hash of each member's plan as rendered now, to detect configuration changes
     */
    public static ClusterPlan plan(
            ClusterSpec spec,
            List<MemberObservation> observed,
            Optional<String> lastKnownPrimary,
            Map<String, String> desiredPlanHashes) {
        return plan(spec, observed, lastKnownPrimary, desiredPlanHashes, true);
    }

    /**
     * @param initialized whether the engine's one-time cluster setup completed; when not, it is planned as soon as the
     *     primary accepts writes (again after a failure or a crash in the middle of it)
     */
    public static ClusterPlan plan(
            ClusterSpec spec,
            List<MemberObservation> observed,
            Optional<String> lastKnownPrimary,
            Map<String, String> desiredPlanHashes,
            boolean initialized) {
        List<PlannedAction> actions = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        String dataComponent = spec.components().keySet().iterator().next();

        Optional<String> primary = choosePrimary(observed, lastKnownPrimary, problems);
        Set<String> removing = chooseRemovals(spec, observed, primary, actions);
        addMissingMembers(spec, observed, removing, actions);

        List<MemberObservation> kept = observed.stream()
                .filter(member -> !removing.contains(member.name()))
                .sorted(Comparator.comparing(member -> member.record().identity()))
                .toList();

        if (primary.isEmpty()) {
            Optional<MemberObservation> first = kept.stream()
                    .filter(member -> member.record().identity().component().equals(dataComponent))
                    .findFirst();
            if (first.isPresent() && kept.stream().noneMatch(MemberObservation::hasData)) {
                actions.add(new PlannedAction.Bootstrap(first.get().name()));
                return new ClusterPlan(first.map(MemberObservation::name), List.of(), actions, problems);
            }
            // Data exists but no member answers as primary and none is recorded (after a delete that kept the data, or
            // a
            // lost status): start every member with data in the role its own data says it has; their answers decide
            // the primary in the next round. Never pick one and make it primary here: that would fork the history.
            kept.stream()
                    .filter(member -> member.hasData() && !member.process().running())
                    .forEach(member -> actions.add(new PlannedAction.Start(member.name())));
            List<String> everyone = spec.availabilityOrDefault().isSynchronous()
                    ? kept.stream()
                            .filter(MemberObservation::hasData)
                            .map(MemberObservation::name)
                            .toList()
                    : List.of();
            return new ClusterPlan(Optional.empty(), everyone, actions, problems);
        }

        String primaryName = primary.get();
        Optional<MemberObservation> primaryMember = kept.stream()
                .filter(member -> member.name().equals(primaryName))
                .findFirst();
        boolean primaryWritable =
                primaryMember.map(MemberObservation::isWritable).orElse(false);
        if (primaryWritable && !initialized) {
            actions.add(new PlannedAction.Initialize(primaryName));
        }

        for (MemberObservation member : kept) {
            boolean isPrimary = member.name().equals(primaryName);
            if (!member.hasData()) {
                if (isPrimary) {
                    problems.add("primary " + primaryName + " has no data");
                } else if (primaryWritable) {
                    actions.add(new PlannedAction.Clone(member.name(), primaryName));
                }
                continue;
            }
            if (!member.process().running()) {
                actions.add(new PlannedAction.Start(member.name()));
                continue;
            }
            String desired = desiredPlanHashes.get(member.name());
            if (desired != null && !desired.equals(member.record().appliedPlanHash())) {
                actions.add(new PlannedAction.Reconfigure(member.name()));
            }
        }
        List<String> synchronousStandbys = spec.availabilityOrDefault().isSynchronous()
                ? kept.stream()
                        .filter(member -> !member.name().equals(primaryName))
                        .filter(MemberObservation::hasData)
                        .map(MemberObservation::name)
                        .sorted()
                        .toList()
                : List.of();
        return new ClusterPlan(primary, synchronousStandbys, actions, problems);
    }

    /**
     * The member that answers as writable; when several do, the one on the newest epoch (and a problem, since only the
     * failover logic may settle it); when none does, the one recorded last.
     */
    static Optional<String> choosePrimary(
            List<MemberObservation> observed, Optional<String> lastKnownPrimary, List<String> problems) {
        List<MemberObservation> writable =
                observed.stream().filter(MemberObservation::isWritable).toList();
        if (writable.size() == 1) {
            return Optional.of(writable.get(0).name());
        }
        if (writable.size() > 1) {
            problems.add("more than one member accepts writes: "
                    + writable.stream().map(MemberObservation::name).collect(Collectors.joining(", ")));
            return writable.stream()
                    .max(Comparator.comparingLong((MemberObservation member) ->
                            member.role().map(RoleReport::epoch).orElse(0L)))
                    .map(MemberObservation::name);
        }
        return lastKnownPrimary.filter(
                name -> observed.stream().anyMatch(member -> member.name().equals(name)));
    }

    /**
     * Scale in: which members go when a component has more than its replicas. Never the primary; first members that
     * are down or empty, then the ones furthest behind, then the newest.
     */
    private static Set<String> chooseRemovals(
            ClusterSpec spec, List<MemberObservation> observed, Optional<String> primary, List<PlannedAction> actions) {
        Set<String> removing = new java.util.LinkedHashSet<>();
        long primaryPosition = primary.flatMap(name -> observed.stream()
                        .filter(member -> member.name().equals(name))
                        .findFirst())
                .flatMap(MemberObservation::role)
                .map(RoleReport::writePosition)
                .orElse(0L);
        for (Map.Entry<String, ComponentSpec> component : spec.components().entrySet()) {
            List<MemberObservation> members = observed.stream()
                    .filter(member -> member.record().identity().component().equals(component.getKey()))
                    .toList();
            int excess = members.size() - component.getValue().replicasOrDefault(1);
            if (excess <= 0) {
                continue;
            }
            members.stream()
                    .filter(member ->
                            primary.map(name -> !name.equals(member.name())).orElse(true))
                    .sorted(Comparator.comparingInt((MemberObservation member) -> healthRank(member))
                            .thenComparing(
                                    (MemberObservation member) -> lag(member, primaryPosition),
                                    Comparator.reverseOrder())
                            .thenComparing(
                                    (MemberObservation member) ->
                                            member.record().identity().ordinal(),
                                    Comparator.reverseOrder()))
                    .limit(excess)
                    .forEach(member -> {
                        removing.add(member.name());
                        actions.add(new PlannedAction.Remove(member.name()));
                    });
        }
        return removing;
    }

    /** 0 for a member that is down or empty, 1 for one that runs but does not follow, 2 for a healthy one. */
    private static int healthRank(MemberObservation member) {
        if (!member.hasData() || !member.process().running()) {
            return 0;
        }
        return member.role().map(role -> role.streaming() ? 2 : 1).orElse(1);
    }

    private static long lag(MemberObservation member, long primaryPosition) {
        return member.role()
                .map(role -> Math.max(0, primaryPosition - role.replayPosition()))
                .orElse(Long.MAX_VALUE);
    }

    private static void addMissingMembers(
            ClusterSpec spec, List<MemberObservation> observed, Set<String> removing, List<PlannedAction> actions) {
        for (Map.Entry<String, ComponentSpec> component : spec.components().entrySet()) {
            long present = observed.stream()
                    .filter(member -> member.record().identity().component().equals(component.getKey()))
                    .filter(member -> !removing.contains(member.name()))
                    .count();
            for (long missing = component.getValue().replicasOrDefault(1) - present; missing > 0; missing--) {
                actions.add(new PlannedAction.AddMember(component.getKey()));
            }
        }
    }
}
