package dev.marina.control.reconcile;

import static java.util.Objects.requireNonNull;

import dev.marina.api.AvailabilitySpec;
import dev.marina.control.Poll;
import dev.marina.control.engine.Engine;
import dev.marina.control.engine.MemberAgent;
import dev.marina.control.engine.MemberPlan;
import dev.marina.control.engine.RoleReport;
import dev.marina.control.engine.Topology;
import dev.marina.control.event.EventRecorder;
import dev.marina.control.health.HealthMonitor;
import dev.marina.control.health.MemberHealth;
import dev.marina.control.member.MemberContext;
import dev.marina.control.runtime.MemberRuntime;
import dev.marina.control.runtime.ProcessState;
import dev.marina.control.store.ClusterStore;
import dev.marina.control.store.Leadership;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out the actions that change who is primary: a failover (fence, promote, record, repoint), giving up a
 * failover that cannot finish, and the rejoin of a member whose history forked. Every step records its intent in the
 * store before it acts, so a control plane that dies half-way leaves enough for the next one to finish or undo it.
 */
final class FailoverSteps {

    private static final Logger LOG = LoggerFactory.getLogger(FailoverSteps.class);

    /** How long a switchover waits for the replica to receive the stopped primary's last writes. */
    private static final Duration SWITCHOVER_CATCH_UP = Duration.ofSeconds(10);
    /** How long a switchover waits for transactions running through the gateways before the primary stops. */
    private static final Duration SWITCHOVER_DRAIN = Duration.ofSeconds(5);

    private final MemberRuntime runtime;
    private final ClusterStore store;
    private final LeadershipRecorder leadership;
    private final EventRecorder events;
    private final HealthMonitor monitor;
    private final Clock clock;

    FailoverSteps(
            MemberRuntime runtime,
            ClusterStore store,
            LeadershipRecorder leadership,
            EventRecorder events,
            HealthMonitor monitor,
            Clock clock) {
        this.runtime = requireNonNull(runtime, "runtime is null");
        this.store = requireNonNull(store, "store is null");
        this.leadership = requireNonNull(leadership, "leadership is null");
        this.events = requireNonNull(events, "events is null");
        this.monitor = requireNonNull(monitor, "monitor is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    void failover(ClusterView cluster, PlannedAction.Failover action) {
        String name = cluster.name();
        Engine engine = cluster.engine();
        AvailabilitySpec availability = cluster.spec().availabilityOrDefault();
        Instant began = clock.instant();
        MemberObservation failed = cluster.observation(action.from());
        Leadership before = leadership
                .current(name)
                .orElseGet(() -> new Leadership(
                        action.from(),
                        failed.lastAnswer().map(RoleReport::epoch).orElse(0L),
                        cluster.topology().synchronousStandbys(),
                        List.of(),
                        null));
        boolean resuming = before.failoverUnderWay()
                .filter(underWay -> underWay.from().equals(action.from()))
                .filter(underWay -> underWay.to().equals(action.to()))
                .isPresent();
        if (!resuming) {
            events.warning(
                    name,
                    action.from(),
                    "PrimaryFailed",
                    "primary " + action.from() + " failed (" + action.reason() + "); failing over to " + action.to());
            before = before.withFailover(new Leadership.Failover(action.from(), action.to(), began.toString()));
            leadership.save(name, before);
        }
        Failpoints.hit("after-intent");

        runtime.fence(cluster.context(action.from()));
        events.normal(
                name,
                action.from(),
                "Fenced",
                "fenced " + action.from() + ": none of its processes runs any more, so it cannot accept another write");
        Failpoints.hit("after-fence");

        // Ask everyone else again: with the old primary fenced, no position moves any more.
        List<MemberContext> others = cluster.dataContexts().stream()
                .filter(member -> !member.name().equals(action.from()))
                .toList();
        Map<String, MemberHealth> fresh = monitor.observe(name, engine, others, availability.probeIntervalDuration());
        List<MemberObservation> now = refreshed(cluster, fresh, action.from());
        String target = action.to();
        boolean alreadyPromoted = writable(fresh.get(target));
        if (!alreadyPromoted) {
            FailoverCandidates.Choice choice = FailoverCandidates.choose(
                    availability,
                    failed,
                    now,
                    Optional.of(before),
                    Set.copyOf(before.mustRewind()),
                    Optional.of(target));
            if (choice instanceof FailoverCandidates.Choice.Refused refused) {
                // Nobody was told to promote: the fenced primary's data is still the newest, and the next pass may
                // restart it in place.
                leadership.save(name, before.withFailover(null));
                events.warning(
                        name,
                        action.from(),
                        "FailoverRefused",
                        "fenced " + action.from() + " but promoted nobody: " + refused.reason());
                throw new IllegalStateException("failover from " + action.from() + " refused: " + refused.reason());
            }
            String chosen = ((FailoverCandidates.Choice.Candidate) choice).member();
            if (!chosen.equals(target)) {
                target = chosen;
                before = before.withFailover(new Leadership.Failover(action.from(), target, began.toString()));
                leadership.save(name, before);
            }
        }
        promote(cluster, action.from(), target, now, before, began, alreadyPromoted, "after deciding to fail over");
    }

    /**
     * Hands the primary role from {@code from} to {@code to} on purpose: stop {@code from} cleanly (PostgreSQL ships
     * every write to its connected standbys before it exits), check that {@code to} received all of it, then promote
     * it and repoint the others. If {@code to} did not receive everything, {@code from} starts again as it was and
     * nothing changed.
     *
     * @param to the member to promote; empty for the streaming replica furthest ahead
     * @return the member promoted
     */
    String switchover(ClusterView cluster, String from, Optional<String> to) {
        String name = cluster.name();
        Engine engine = cluster.engine();
        AvailabilitySpec availability = cluster.spec().availabilityOrDefault();
        Instant began = clock.instant();
        MemberObservation primary = cluster.observation(from);
        long epoch = primary.role().map(RoleReport::epoch).orElse(0L);
        Leadership before = leadership
                .current(name)
                .orElseGet(
                        () -> new Leadership(from, epoch, cluster.topology().synchronousStandbys(), List.of(), null));
        Set<String> excluded = new LinkedHashSet<>(before.mustRewind());
        cluster.observed().stream()
                .filter(member -> member.record().leaving())
                .forEach(member -> excluded.add(member.name()));
        String target = to.orElseGet(() -> furthestAhead(cluster, from, excluded));
        MemberObservation candidate = cluster.observation(target);
        if (excluded.contains(target)
                || !candidate.isAnsweringReplica()
                || !candidate.role().map(RoleReport::streaming).orElse(false)) {
            throw new IllegalStateException(
                    "cannot switch over to " + target + ": it does not stream from " + from + " now; nothing changed");
        }
        long primaryPosition = primary.role().map(RoleReport::writePosition).orElse(0L);
        long lag = primaryPosition
                - candidate.role().map(RoleReport::writePosition).orElse(0L);
        if (lag > availability.maximumLagOnFailoverBytes()) {
            throw new IllegalStateException("cannot switch over to " + target + ": it is " + lag
                    + " bytes behind, more than spec.availability.maximumLagOnFailover allows; nothing changed");
        }
        leadership.save(name, before.withFailover(new Leadership.Failover(from, target, began.toString())));
        events.normal(name, from, "SwitchoverStarted", "switching over from " + from + " to " + target);
        MemberContext old = cluster.context(from);
        MemberPlan oldPlan = engine.render(old, cluster.topology());
        // Gateways hold new writes and let running ones finish before the clean stop, so that clients see a short wait
        // instead of errors; they send the held writes on once the new primary is recorded (or the old one is back).
        List<MemberContext> gateways = cluster.stateless().stream()
                .filter(gateway -> gateway.process().running())
                .map(gateway -> cluster.context(gateway.name()))
                .toList();
        holdWrites(cluster, gateways);
        try {
            runtime.stop(old, oldPlan);
            long stoppedAt = runtime.agent(engine, old)
                    .stoppedPosition()
                    .orElseThrow(() -> undo(
                            cluster,
                            old,
                            oldPlan,
                            before,
                            from + " did not stop cleanly, so its last position is unknown"));
            MemberContext promoted = cluster.context(target);
            long[] received = {0};
            boolean caughtUp = Poll.until(
                    () -> {
                        received[0] = engine.probe(promoted)
                                .map(RoleReport::writePosition)
                                .orElse(0L);
                        return received[0] > stoppedAt;
                    },
                    SWITCHOVER_CATCH_UP,
                    Duration.ofMillis(5));
            if (!caughtUp) {
                throw undo(
                        cluster,
                        old,
                        oldPlan,
                        before,
                        target + " received up to " + received[0] + " but " + from + " stopped at " + stoppedAt);
            }
            List<MemberContext> others = cluster.dataContexts().stream()
                    .filter(member -> !member.name().equals(from))
                    .toList();
            Map<String, MemberHealth> fresh =
                    monitor.observe(name, engine, others, availability.probeIntervalDuration());
            List<MemberObservation> now = refreshed(cluster, fresh, from);
            promote(cluster, from, target, now, before, began, false, "after stopping " + from);
            return target;
        } finally {
            releaseWrites(cluster, gateways);
        }
    }

    private void holdWrites(ClusterView cluster, List<MemberContext> gateways) {
        forEachInParallel(gateways, gateway -> {
            try {
                cluster.engine().holdWrites(gateway, SWITCHOVER_DRAIN);
            } catch (RuntimeException e) {
                // A gateway that does not answer routes nothing; one that did not drain sees its last transactions
                // end with the primary's shutdown. Neither stops the switchover.
                events.warning(cluster.name(), gateway.name(), "GatewayNotDrained", e.getMessage());
            }
        });
    }

    private void releaseWrites(ClusterView cluster, List<MemberContext> gateways) {
        forEachInParallel(gateways, gateway -> {
            try {
                cluster.engine().releaseWrites(gateway);
            } catch (RuntimeException e) {
                // The gateway's hold ends by itself after a bounded time.
                events.warning(cluster.name(), gateway.name(), "GatewayNotReleased", e.getMessage());
            }
        });
    }

    private static void forEachInParallel(
            List<MemberContext> members, java.util.function.Consumer<MemberContext> work) {
        try (var executor = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            members.forEach(member -> executor.submit(() -> work.accept(member)));
        }
    }

    /** Starts the old primary again as it was and forgets the switchover; returns the failure to throw. */
    private IllegalStateException undo(
            ClusterView cluster, MemberContext old, MemberPlan plan, Leadership before, String why) {
        runtime.start(old, plan);
        leadership.save(cluster.name(), before.withFailover(null));
        events.warning(
                cluster.name(),
                old.name(),
                "SwitchoverUndone",
                "gave up the switchover and started " + old.name() + " again as primary: " + why);
        return new IllegalStateException("switchover undone, " + old.name() + " is primary again: " + why);
    }

    /** The streaming replica furthest ahead, not excluded. */
    private static String furthestAhead(ClusterView cluster, String primary, Set<String> excluded) {
        return cluster.observed().stream()
                .filter(member -> !member.name().equals(primary))
                .filter(member -> !excluded.contains(member.name()))
                .filter(MemberObservation::isAnsweringReplica)
                .filter(member -> member.role().map(RoleReport::streaming).orElse(false))
                .max(java.util.Comparator.comparingLong((MemberObservation member) ->
                                member.role().map(RoleReport::writePosition).orElse(0L))
                        .thenComparing(member -> member.record().identity(), java.util.Comparator.reverseOrder()))
                .map(MemberObservation::name)
                .orElseThrow(() -> new IllegalStateException(
                        "no replica streams from " + primary + " now; nothing to switch over to"));
    }

    /** Renders {@code target} as the primary, promotes it, records it and repoints every other member. */
    private void promote(
            ClusterView cluster,
            String from,
            String target,
            List<MemberObservation> now,
            Leadership before,
            Instant began,
            boolean alreadyPromoted,
            String since) {
        String name = cluster.name();
        Engine engine = cluster.engine();
        AvailabilitySpec availability = cluster.spec().availabilityOrDefault();
        MemberContext candidate = cluster.context(target);
        List<String> standbys = standbysAfter(cluster, now, from, target);
        Topology next = new Topology(Optional.of(candidate), standbys, availability.isSynchronous());
        if (!alreadyPromoted) {
            // A standby ignores synchronous_standby_names: set it before the promotion, so that not one commit on the
            // new primary is acknowledged before a standby has it.
            MemberPlan plan = engine.render(candidate, next);
            runtime.writeFiles(candidate, plan);
            engine.reload(candidate);
            Failpoints.hit("before-promote");
            engine.promote(candidate);
            AppliedPlans.save(store, candidate, plan);
        }
        Failpoints.hit("after-promote");
        Optional<RoleReport> promoted = engine.probe(candidate);
        long epoch = promoted.map(RoleReport::epoch).orElse(before.epoch() + 1);
        long position = now.stream()
                .filter(member -> member.name().equals(candidate.name()))
                .flatMap(member -> member.role().stream())
                .mapToLong(RoleReport::writePosition)
                .findFirst()
                .orElse(Long.MAX_VALUE);
        Set<String> rewind = new LinkedHashSet<>(before.mustRewind());
        rewind.add(from);
        for (MemberObservation other : now) {
            if (other.name().equals(target) || other.name().equals(from)) {
                continue;
            }
            // A replica that did not answer, or got further than the new primary, may hold history the new primary
            // never had; rewinding one that did not costs a second.
            boolean ahead =
                    other.role().map(role -> role.writePosition() > position).orElse(false);
            if (other.hasData() && (!other.isAnsweringReplica() || ahead)) {
                rewind.add(other.name());
            }
        }
        rewind.remove(target);
        leadership.save(name, new Leadership(target, epoch, standbys, List.copyOf(rewind), null));
        long millis = Duration.between(began, clock.instant()).toMillis();
        events.normal(
                name,
                target,
                "Promoted",
                "promoted " + target + " on epoch " + epoch + " " + millis + " ms " + since + "; " + from
                        + " rejoins as a replica");
        repoint(cluster, candidate, next, now, rewind);
    }

    void abandon(ClusterView cluster, PlannedAction.AbandonFailover action) {
        String name = cluster.name();
        Leadership before = leadership.current(name).orElseThrow();
        Set<String> rewind = new LinkedHashSet<>(before.mustRewind());
        if (action.fenceCandidate() && cluster.contexts().containsKey(action.to())) {
            // It may have been told to promote itself: make sure it never writes, and rewind it before it follows.
            runtime.fence(cluster.context(action.to()));
            rewind.add(action.to());
        }
        leadership.save(
                name,
                new Leadership(
                        before.primary(), before.epoch(), before.synchronousStandbys(), List.copyOf(rewind), null));
        events.warning(
                name,
                action.to(),
                "FailoverAbandoned",
                "gave up failing over from " + action.from() + " to " + action.to() + ": " + action.reason());
    }

    void rejoin(ClusterView cluster, PlannedAction.Rejoin action) {
        String name = cluster.name();
        Engine engine = cluster.engine();
        Instant began = clock.instant();
        MemberContext member = cluster.context(action.member());
        MemberContext source = cluster.context(action.source());
        MemberPlan plan = engine.render(member, cluster.topology());
        runtime.stop(member, plan);
        engine.prepareReplica(source, member);
        MemberAgent agent = runtime.agent(engine, member);
        String how;
        try {
            agent.rewindFrom(source);
            how = "rewound";
        } catch (RuntimeException e) {
            events.warning(
                    name,
                    action.member(),
                    "RewindFailed",
                    "could not rewind " + action.member() + " (" + e.getMessage() + "); copying it again instead");
            agent.wipe();
            agent.cloneFrom(source);
            how = "copied again";
        }
        ProcessState state = runtime.start(member, plan);
        AppliedPlans.save(store, member, plan);
        leadership.rewound(name, action.member());
        events.normal(
                name,
                action.member(),
                "Rejoined",
                action.member() + " " + how + " from " + action.source() + " and started as its replica (pid "
                        + state.pid() + ") in "
                        + Duration.between(began, clock.instant()).toMillis() + " ms");
    }

    /** The standbys the new primary waits for: those that answered, else every other member with data. */
    private static List<String> standbysAfter(
            ClusterView cluster, List<MemberObservation> now, String failed, String promoted) {
        if (!cluster.spec().availabilityOrDefault().isSynchronous()) {
            return List.of();
        }
        List<String> answering = now.stream()
                .filter(member ->
                        !member.name().equals(failed) && !member.name().equals(promoted))
                .filter(MemberObservation::isAnsweringReplica)
                .filter(MemberObservation::hasData)
                .map(MemberObservation::name)
                .sorted()
                .toList();
        if (!answering.isEmpty()) {
            return answering;
        }
        // Nobody else answers: wait for whoever comes back first (the old primary too, once rewound), rather than
        // acknowledge commits that only the new primary holds.
        return now.stream()
                .filter(member -> !member.name().equals(promoted))
                .filter(MemberObservation::hasData)
                .map(MemberObservation::name)
                .sorted()
                .toList();
    }

    /** Points every replica that can follow at the new primary, at once and side by side. */
    private void repoint(
            ClusterView cluster,
            MemberContext primary,
            Topology next,
            List<MemberObservation> now,
            Set<String> rewind) {
        List<MemberContext> followers = new ArrayList<>();
        for (MemberObservation member : now) {
            if (!member.name().equals(primary.name())
                    && !rewind.contains(member.name())
                    && member.hasData()
                    && member.process().running()) {
                followers.add(cluster.context(member.name()));
            }
        }
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (MemberContext follower : followers) {
                executor.submit(() -> {
                    try {
                        cluster.engine().prepareReplica(primary, follower);
                        MemberPlan plan = cluster.engine().render(follower, next);
                        runtime.writeFiles(follower, plan);
                        cluster.engine().reload(follower);
                        AppliedPlans.save(store, follower, plan);
                    } catch (RuntimeException e) {
                        // The next pass sees its configuration is stale and reconfigures it.
                        LOG.warn(
                                "cluster={} member={} could not be repointed yet: {}",
                                cluster.name(),
                                follower.name(),
                                e.getMessage());
                    }
                });
            }
        }
    }

    private static List<MemberObservation> refreshed(
            ClusterView cluster, Map<String, MemberHealth> fresh, String fenced) {
        List<MemberObservation> now = new ArrayList<>();
        for (MemberObservation member : cluster.observed()) {
            MemberHealth health = fresh.get(member.name());
            if (member.name().equals(fenced) || health == null) {
                now.add(new MemberObservation(
                        member.record(),
                        member.name().equals(fenced) ? ProcessState.stopped("fenced") : member.process(),
                        member.hasData(),
                        Optional.empty(),
                        member.lastAnswer(),
                        member.missedProbes()));
                continue;
            }
            now.add(MemberObservation.of(member.record(), member.hasData(), health));
        }
        return now;
    }

    private static boolean writable(MemberHealth health) {
        return health != null
                && health.process().running()
                && health.role().map(RoleReport::writable).orElse(false);
    }
}
