package dev.marina.control.reconcile;

import dev.marina.api.AvailabilitySpec;
import dev.marina.api.ClusterSpec;
import dev.marina.api.ComponentSpec;
import dev.marina.control.engine.RoleReport;
import dev.marina.control.store.Leadership;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
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

    /** Plans for a cluster whose leadership was never recorded and whose one-time setup is done. */
    public static ClusterPlan plan(
            ClusterSpec spec,
            List<MemberObservation> observed,
            Optional<String> lastKnownPrimary,
            Map<String, String> desiredPlanHashes) {
        return plan(spec, observed, lastKnownPrimary, desiredPlanHashes, true);
    }

    /** Plans for a cluster whose leadership was never recorded. */
    public static ClusterPlan plan(
            ClusterSpec spec,
            List<MemberObservation> observed,
            Optional<String> lastKnownPrimary,
            Map<String, String> desiredPlanHashes,
            boolean initialized) {
        return plan(
                new PlanningInput(spec, observed, Optional.empty(), lastKnownPrimary, desiredPlanHashes, initialized));
    }

    public static ClusterPlan plan(PlanningInput input) {
        if (input.statelessComponents().isEmpty()) {
            return planData(input);
        }
        ClusterPlan data = planData(input.dataOnly());
        if (data.changesLeadership()) {
            // Replacing the primary goes alone, as ever; gateways follow the new primary through the topology feed.
            return data;
        }
        return data.withActions(StatelessPlanner.actions(input));
    }

    private static ClusterPlan planData(PlanningInput input) {
        ClusterSpec spec = input.spec();
        List<MemberObservation> observed = input.observed();
        int threshold = spec.availabilityOrDefault().failureThresholdOrDefault();
        List<PlannedAction> actions = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        String dataComponent = spec.components().keySet().iterator().next();

        // Never two writers: the one on the older epoch is fenced before anything else happens.
        List<MemberObservation> writable =
                observed.stream().filter(MemberObservation::isWritable).toList();
        if (writable.size() > 1) {
            return twoWriters(input, writable);
        }
        Optional<Leadership.Failover> underWay = input.leadership().flatMap(Leadership::failoverUnderWay);
        if (underWay.isPresent()) {
            Optional<ClusterPlan> settling = settleFailover(input, underWay.get(), writable);
            if (settling.isPresent()) {
                return settling.get();
            }
        }

        Set<String> mustRewind = new LinkedHashSet<>(
                input.leadership().map(Leadership::mustRewind).orElse(List.of()));
        Optional<String> recorded = input.leadership()
                .map(Leadership::primary)
                .or(input::lastKnownPrimary)
                .filter(name -> find(observed, name).isPresent());
        Optional<String> primary;
        if (writable.size() == 1) {
            primary = Optional.of(writable.get(0).name());
            // Somebody else promoted a member (by hand, or a control plane whose records were lost): follow it, and
            // rewind the one recorded before, whose history may have forked.
            recorded.filter(name -> !name.equals(writable.get(0).name())).ifPresent(mustRewind::add);
        } else if (recorded.isPresent()) {
            MemberObservation current = find(observed, recorded.get()).orElseThrow();
            if (!current.hasData() || current.failed(threshold)) {
                return primaryFailed(input, current, mustRewind);
            }
            primary = recorded;
            problems.add(
                    current.role().isEmpty()
                            ? "primary " + current.name() + " does not answer (" + current.missedProbes() + " of "
                                    + threshold + " probes missed before it counts as failed)"
                            : "primary " + current.name() + " answers but does not accept writes");
        } else {
            primary = Optional.empty();
        }

        // Members an operation is removing are its business: they no longer count, and nothing starts or repairs
        // them (the primary excepted, until the operation has switched over).
        List<MemberObservation> staying = observed.stream()
                .filter(member -> !member.record().leaving()
                        || primary.filter(member.name()::equals).isPresent())
                .toList();
        Set<String> removing = chooseRemovals(spec, staying, primary, actions);
        addMissingMembers(spec, staying, removing, actions);

        List<MemberObservation> kept = staying.stream()
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
            // a lost status): start every member with data in the role its own data says it has; their answers decide
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
        Optional<MemberObservation> primaryMember = find(kept, primaryName);
        boolean primaryWritable =
                primaryMember.map(MemberObservation::isWritable).orElse(false);
        if (primaryWritable && !input.initialized()) {
            actions.add(new PlannedAction.Initialize(primaryName));
        }

        for (MemberObservation member : kept) {
            boolean isPrimary = member.name().equals(primaryName);
            if (!isPrimary && mustRewind.contains(member.name())) {
                // Its history may have forked from the primary's: it must never run as it is.
                if (primaryWritable) {
                    actions.add(
                            member.hasData()
                                    ? new PlannedAction.Rejoin(member.name(), primaryName)
                                    : new PlannedAction.Clone(member.name(), primaryName));
                }
                continue;
            }
            if (!member.hasData()) {
                if (isPrimary) {
                    problems.add("primary " + primaryName + " has no data");
                } else if (primaryWritable) {
                    actions.add(new PlannedAction.Clone(member.name(), primaryName));
                }
                continue;
            }
            keepRunning(member, input.desiredPlanHashes()).ifPresent(actions::add);
        }
        List<String> synchronousStandbys = synchronousStandbys(input, kept, primaryName, mustRewind);
        Optional<Leadership> leadership = primaryMember
                .filter(MemberObservation::isWritable)
                .flatMap(MemberObservation::role)
                .map(role -> new Leadership(
                        primaryName,
                        role.epoch(),
                        synchronousStandbys,
                        mustRewind.stream()
                                .filter(name -> find(kept, name).isPresent())
                                .toList(),
                        null));
        return new ClusterPlan(primary, synchronousStandbys, actions, problems, leadership);
    }

    /**
     * The standbys a commit on {@code primary} waits for (any one of them). Those that stream now, when any does, so
     * that a standby that is down does not block a later failover; otherwise the ones recorded, so that the set never
     * shrinks to nobody while a standby is away; otherwise every standby with data.
     */
    static List<String> synchronousStandbys(
            PlanningInput input, List<MemberObservation> kept, String primary, Set<String> mustRewind) {
        if (!input.spec().availabilityOrDefault().isSynchronous()) {
            return List.of();
        }
        List<MemberObservation> standbys = kept.stream()
                .filter(member -> !member.name().equals(primary))
                .filter(MemberObservation::hasData)
                .toList();
        List<String> streaming = standbys.stream()
                .filter(MemberObservation::isAnsweringReplica)
                .filter(member -> member.role().map(RoleReport::streaming).orElse(false))
                .filter(member -> !mustRewind.contains(member.name()))
                .map(MemberObservation::name)
                .sorted()
                .toList();
        if (!streaming.isEmpty()) {
            return streaming;
        }
        List<String> recorded = input
                .leadership()
                .filter(leadership -> leadership.primary().equals(primary))
                .map(Leadership::synchronousStandbys)
                .orElse(List.of())
                .stream()
                .filter(name -> find(standbys, name).isPresent())
                .sorted()
                .toList();
        if (!recorded.isEmpty()) {
            return recorded;
        }
        return standbys.stream().map(MemberObservation::name).sorted().toList();
    }

    /** The recorded primary failed: fail over, or say why not (and restart it in place when that loses nothing). */
    private static ClusterPlan primaryFailed(PlanningInput input, MemberObservation failed, Set<String> mustRewind) {
        AvailabilitySpec availability = input.spec().availabilityOrDefault();
        String why = failed.failure(availability.failureThresholdOrDefault());
        List<PlannedAction> actions = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        List<String> standbys =
                input.leadership().map(Leadership::synchronousStandbys).orElse(List.of());
        String refusal;
        if (availability.isAutomaticFailover()) {
            Set<String> excluded = new LinkedHashSet<>(mustRewind);
            input.observed().stream()
                    .filter(member -> member.record().leaving())
                    .forEach(member -> excluded.add(member.name()));
            FailoverCandidates.Choice choice =
                    FailoverCandidates.choose(availability, failed, input.observed(), input.leadership(), excluded);
            if (choice instanceof FailoverCandidates.Choice.Candidate candidate) {
                actions.add(new PlannedAction.Failover(failed.name(), candidate.member(), why));
                return new ClusterPlan(Optional.of(failed.name()), standbys, actions, problems);
            }
            refusal = "primary " + failed.name() + " failed (" + why + ") and nobody is promoted: "
                    + ((FailoverCandidates.Choice.Refused) choice).reason();
        } else {
            refusal = "primary " + failed.name() + " failed (" + why
                    + "); spec.availability.failover is manual, so nobody is promoted";
        }
        problems.add(refusal);
        if (failed.hasData() && !failed.process().running()) {
            // Nobody was promoted, so its data is still the newest: restarting it in place loses nothing.
            actions.add(new PlannedAction.Start(failed.name()));
        }
        return new ClusterPlan(
                Optional.of(failed.name()), standbys, actions, problems, Optional.empty(), Optional.of(refusal));
    }

    /** A failover a previous pass began and did not finish: finish it, wait for it, or give it up. */
    private static Optional<ClusterPlan> settleFailover(
            PlanningInput input, Leadership.Failover failover, List<MemberObservation> writable) {
        AvailabilitySpec availability = input.spec().availabilityOrDefault();
        int threshold = availability.failureThresholdOrDefault();
        Optional<MemberObservation> from = find(input.observed(), failover.from());
        Optional<MemberObservation> to = find(input.observed(), failover.to());
        List<String> standbys =
                input.leadership().map(Leadership::synchronousStandbys).orElse(List.of());
        Optional<String> writer = writable.stream().map(MemberObservation::name).findFirst();
        PlannedAction action;
        if (writer.filter(failover.to()::equals).isPresent()) {
            action = new PlannedAction.Failover(
                    failover.from(), failover.to(), "finishing the failover a previous pass began");
        } else if (writer.filter(failover.from()::equals).isPresent()) {
            action = new PlannedAction.AbandonFailover(
                    failover.from(),
                    failover.to(),
                    false,
                    failover.from() + " accepts writes: it was never fenced, so nobody was promoted");
        } else if (to.isEmpty() || from.isEmpty()) {
            action = new PlannedAction.AbandonFailover(
                    failover.from(), failover.to(), to.isPresent(), "a member of the failover was removed");
        } else if (to.get().isAnsweringReplica()) {
            FailoverCandidates.Choice choice = FailoverCandidates.choose(
                    availability,
                    from.get(),
                    input.observed(),
                    input.leadership(),
                    Set.copyOf(input.leadership().map(Leadership::mustRewind).orElse(List.of())),
                    Optional.of(failover.to()));
            if (choice instanceof FailoverCandidates.Choice.Candidate candidate
                    && candidate.member().equals(failover.to())) {
                action = new PlannedAction.Failover(
                        failover.from(), failover.to(), from.get().failure(threshold));
            } else {
                String reason = choice instanceof FailoverCandidates.Choice.Refused refused
                        ? refused.reason()
                        : ((FailoverCandidates.Choice.Candidate) choice).member() + " is further ahead";
                action = new PlannedAction.AbandonFailover(
                        failover.from(),
                        failover.to(),
                        true,
                        failover.to() + " is no longer the replica to promote: " + reason);
            }
        } else if (to.get().failed(threshold)) {
            action = new PlannedAction.AbandonFailover(
                    failover.from(),
                    failover.to(),
                    true,
                    failover.to() + " failed too: " + to.get().failure(threshold));
        } else {
            // Running but not answering yet: it may be finishing a promotion the last control plane asked for.
            return Optional.of(new ClusterPlan(
                    Optional.of(failover.from()),
                    standbys,
                    List.of(),
                    List.of("failing over from " + failover.from() + " to " + failover.to() + ": waiting for "
                            + failover.to() + " to answer")));
        }
        return Optional.of(new ClusterPlan(Optional.of(failover.from()), standbys, List.of(action), List.of()));
    }

    /** More than one member accepts writes: keep the one on the newest epoch, fence the other. */
    private static ClusterPlan twoWriters(PlanningInput input, List<MemberObservation> writable) {
        Optional<String> recorded = input.leadership().map(Leadership::primary);
        MemberObservation keep = writable.stream()
                .max(Comparator.comparingLong((MemberObservation member) ->
                                member.role().map(RoleReport::epoch).orElse(0L))
                        .thenComparing(
                                member -> recorded.filter(member.name()::equals).isPresent()))
                .orElseThrow();
        MemberObservation fence = writable.stream()
                .filter(member -> !member.name().equals(keep.name()))
                .findFirst()
                .orElseThrow();
        String names = writable.stream().map(MemberObservation::name).collect(Collectors.joining(", "));
        return new ClusterPlan(
                Optional.of(keep.name()),
                input.leadership().map(Leadership::synchronousStandbys).orElse(List.of()),
                List.of(new PlannedAction.Failover(
                        fence.name(),
                        keep.name(),
                        "more than one member accepts writes (" + names + "); " + fence.name()
                                + " is on the older epoch")),
                List.of("more than one member accepts writes: " + names));
    }

    /** Start a member that does not run; reconfigure one that runs with another plan than the one rendered now. */
    static Optional<PlannedAction> keepRunning(MemberObservation member, Map<String, String> desiredPlanHashes) {
        if (!member.process().running()) {
            return Optional.of(new PlannedAction.Start(member.name()));
        }
        String desired = desiredPlanHashes.get(member.name());
        if (desired != null && !desired.equals(member.record().appliedPlanHash())) {
            return Optional.of(new PlannedAction.Reconfigure(member.name()));
        }
        return Optional.empty();
    }

    private static Optional<MemberObservation> find(List<MemberObservation> members, String name) {
        return members.stream().filter(member -> member.name().equals(name)).findFirst();
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
