package dev.marina.control.reconcile;

import static java.util.Objects.requireNonNull;

import dev.marina.api.AvailabilitySpec;
import dev.marina.api.ClusterSpec;
import dev.marina.api.ClusterStatus;
import dev.marina.api.DatabaseCluster;
import dev.marina.api.EngineDescription;
import dev.marina.api.OperationSpec;
import dev.marina.control.Poll;
import dev.marina.control.engine.Engine;
import dev.marina.control.engine.MemberPlan;
import dev.marina.control.engine.RoleReport;
import dev.marina.control.engine.Topology;
import dev.marina.control.event.EventRecorder;
import dev.marina.control.health.HealthMonitor;
import dev.marina.control.health.MemberHealth;
import dev.marina.control.member.Credentials;
import dev.marina.control.member.MemberContext;
import dev.marina.control.member.MemberIdentity;
import dev.marina.control.member.MemberRecord;
import dev.marina.control.operation.OperationLedger;
import dev.marina.control.runtime.MemberRuntime;
import dev.marina.control.runtime.ProcessState;
import dev.marina.control.runtime.RuntimeFailure;
import dev.marina.control.step.Durations;
import dev.marina.control.step.Step;
import dev.marina.control.step.StepFailedException;
import dev.marina.control.step.StepRunner;
import dev.marina.control.store.ClusterStore;
import dev.marina.control.store.StoredCluster;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One reconcile pass for one cluster: observe every member, plan with {@link ClusterPlanner}, carry the plan out as
 * steps, and repeat until the plan is settled or a step fails; then store the status. Knows no engine and no runtime:
 * it speaks the three SPIs.
 */
public final class ClusterReconciler {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterReconciler.class);
    private static final int MAX_ROUNDS_PER_PASS = 8;

    private final Function<String, Engine> engines;
    private final MemberRuntime runtime;
    private final ClusterStore store;
    private final EventRecorder events;
    private final Clock clock;
    private final MemberDirectory directory;
    private final CredentialKeeper secrets;
    private final ReconcileSettings settings;
    private final HealthMonitor monitor;
    private final LeadershipRecorder leadership;
    private final FailoverSteps failovers;
    private final MemberActions members;
    private final OperationRunner operations;
    private final BiConsumer<OperationSpec, String> impliedOperations;

    public ClusterReconciler(
            Function<String, Engine> engines,
            MemberRuntime runtime,
            ClusterStore store,
            EventRecorder events,
            Clock clock,
            ReconcileSettings settings,
            HealthMonitor monitor,
            OperationLedger ledger,
            BiConsumer<OperationSpec, String> impliedOperations) {
        this.engines = requireNonNull(engines, "engines is null");
        this.impliedOperations = requireNonNull(impliedOperations, "impliedOperations is null");
        this.runtime = requireNonNull(runtime, "runtime is null");
        this.store = requireNonNull(store, "store is null");
        this.events = requireNonNull(events, "events is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.monitor = requireNonNull(monitor, "monitor is null");
        this.directory = new MemberDirectory(runtime);
        this.secrets = new CredentialKeeper(store, runtime, events, clock);
        this.leadership = new LeadershipRecorder(store);
        this.failovers = new FailoverSteps(runtime, store, leadership, events, monitor, clock);
        this.members = new MemberActions(runtime, store, events, leadership);
        this.operations = new OperationRunner(
                ledger, new OperationSteps(store, leadership, failovers, members, runtime), events, clock, settings);
    }

    /**
     * Runs one pass. Never throws for a failure a later pass may fix: it lands in the status and the events.
     *
     * @return whether to look again soon: the cluster is making progress but is not Ready yet. A pass that failed
     *     returns false, so a persistent failure is retried at the normal interval, not in a tight loop
     */
    public boolean reconcile(String name) {
        Optional<StoredCluster> found = store.find(name);
        if (found.isEmpty()) {
            return false;
        }
        StoredCluster stored = found.get();
        if (stored.deleting()) {
            operations.cancelAll(name, "cancelled: the cluster is being deleted");
            try {
                delete(stored);
            } catch (RuntimeException e) {
                // The cluster stays marked for deletion; the next pass tries again.
                events.warning(name, null, "DeleteFailed", "could not delete yet: " + e.getMessage());
                LOG.debug("cluster={} delete failed", name, e);
            }
            return false;
        }
        ClusterSpec spec = stored.resource().spec();
        Engine engine = engines.apply(spec.engine());
        Credentials credentials = ensureCredentials(name, engine);
        Optional<String> failure = Optional.empty();
        ClusterView pass = observe(stored, engine, credentials);
        reportRefusal(pass);
        ProgressWriter progress = new ProgressWriter(clock, steps -> store.saveProgress(name, steps));
        StepRunner runner = new StepRunner(clock, progress);
        try {
            for (int round = 1; round <= MAX_ROUNDS_PER_PASS && !pass.plan().isSettled(); round++) {
                try {
                    leadership.beforeRound(name, pass.plan());
                    runner.run(steps(pass, engine, round));
                } catch (StepFailedException e) {
                    failure = Optional.of(e.getMessage());
                    events.warning(name, memberOf(e.path(), pass.contexts().keySet()), "StepFailed", e.getMessage());
                    LOG.debug("cluster={} step failed", name, e);
                    pass = observe(stored, engine, credentials);
                    break;
                }
                pass = observe(stored, engine, credentials);
                reportRefusal(pass);
                if (!pass.plan().isSettled()) {
                    // Show progress between rounds, so a client waiting on the cluster sees members come up.
                    saveStatus(stored, engine, pass, Optional.empty());
                    stored = store.find(name).orElse(stored);
                }
            }
        } finally {
            progress.flush();
        }
        if (primaryRunsItsPlan(pass, engine)) {
            leadership.settle(name, pass.plan(), pass.observed());
        }
        if (pass.plan().isSettled() && failure.isEmpty()) {
            implyReplacements(pass);
        }
        boolean operationUnderWay = false;
        try {
            boolean turned = operations.hasWork(name);
            operationUnderWay = operations.advance(pass);
            if (turned) {
                // The step may have changed members or the spec: the status saved below must show it, not what
                // this pass saw before the step.
                stored = store.find(name).orElse(stored);
                pass = observe(stored, engine, credentials);
            }
        } catch (RuntimeException e) {
            // An operation's failures land in its own status; this is a failure to even look at it.
            LOG.warn("cluster={} could not move its operations on: {}", name, e.getMessage(), e);
        }
        AvailabilitySpec availability = spec.availabilityOrDefault();
        monitor.watch(
                name,
                engine,
                pass.contexts().values(),
                availability.probeIntervalDuration(),
                availability.failureThresholdOrDefault());
        boolean ready = saveStatus(stored, engine, pass, failure).isReady();
        return operationUnderWay || (failure.isEmpty() && !(ready && pass.plan().isSettled()));
    }

    /**
     * Whether the primary accepts writes with the configuration this pass would give it: then the synchronous standbys
     * it waits for are the planned ones, whatever else (a replica that will not start) is still to do.
     */
    private boolean primaryRunsItsPlan(ClusterView pass, Engine engine) {
        Optional<MemberObservation> primary = pass.plan()
                .primary()
                .flatMap(name -> pass.observed().stream()
                        .filter(member -> member.name().equals(name))
                        .findFirst());
        if (primary.isEmpty() || !primary.get().isWritable()) {
            return false;
        }
        String desired = engine.render(pass.context(primary.get().name()), pass.topology())
                .hash();
        return store.members(pass.name()).stream()
                .filter(record -> record.name().equals(primary.get().name()))
                .anyMatch(record -> desired.equals(record.appliedPlanHash()));
    }

    private void reportRefusal(ClusterView pass) {
        pass.plan()
                .failoverRefused()
                .ifPresent(reason ->
                        events.warning(pass.name(), pass.plan().primary().orElse(null), "FailoverRefused", reason));
    }

    /** Stops every member of the cluster and records it as stopped; data stays. For {@code marina down}. */
    public void stopAll(String name) {
        store.find(name).ifPresent(stored -> {
            stopMembers(stored, false);
            Engine engine = engines.apply(stored.resource().spec().engine());
            ClusterView pass = observe(stored, engine, ensureCredentials(name, engine));
            saveStatus(stored, engine, pass, Optional.empty());
            store.find(name)
                    .map(StoredCluster::resource)
                    .map(DatabaseCluster::status)
                    .ifPresent(status -> store.saveStatus(
                            name,
                            StatusCalculator.stopped(status, clock.instant().toString())));
        });
    }

    private void delete(StoredCluster stored) {
        String name = stored.name();
        stopMembers(stored, stored.purge());
        if (stored.purge()) {
            runtime.removeCluster(name);
        }
        store.delete(name, stored.purge());
        monitor.forget(name);
        events.forget(name);
        secrets.forget(name);
        LOG.info("cluster={} deleted{}", name, stored.purge() ? " with its data" : "; data kept");
    }

    private void stopMembers(StoredCluster stored, boolean purge) {
        ClusterSpec spec = stored.resource().spec();
        Engine engine = engines.apply(spec.engine());
        Credentials credentials = ensureCredentials(stored.name(), engine);
        List<MemberRecord> records = store.members(stored.name());
        runInParallel(records, record -> {
            MemberContext member = directory.context(spec, record, credentials);
            runtime.stop(member, engine.render(member, new Topology(Optional.empty(), List.of(), false)));
            if (purge) {
                runtime.removeStorage(record.identity());
            }
            return null;
        });
    }

    private Credentials ensureCredentials(String cluster, Engine engine) {
        return secrets.ensure(cluster, engine);
    }

    /**
     * The cluster's credentials, generated the first time (passwords, the runtime's own secrets, the certificate
     * authority and the server certificate), as every pass uses them: for a caller that renders objects with them
     * before the pass (the operator's Secrets and Services).
     */
    public Credentials credentials(String cluster, Engine engine) {
        return ensureCredentials(requireNonNull(cluster, "cluster is null"), requireNonNull(engine, "engine is null"));
    }

    private ClusterView observe(StoredCluster stored, Engine engine, Credentials credentials) {
        ClusterSpec spec = stored.resource().spec();
        List<MemberRecord> records = store.members(stored.name()).stream()
                .sorted(Comparator.comparing(MemberRecord::identity))
                .toList();
        Map<String, MemberContext> contexts = new LinkedHashMap<>();
        for (MemberRecord record : records) {
            contexts.put(record.name(), directory.context(spec, record, credentials));
        }
        // The monitor asks every member at once and waits at most one probe interval for an answer: a member that
        // hangs (frozen, cut off) must not hold up the pass that replaces it.
        Map<String, MemberHealth> health = monitor.observe(
                stored.name(),
                engine,
                contexts.values(),
                spec.availabilityOrDefault().probeIntervalDuration());
        EngineDescription description = engine.description();
        List<MemberObservation> everyone = runInParallel(records, record -> {
            MemberContext member = contexts.get(record.name());
            MemberHealth answer = health.get(record.name());
            boolean hasData =
                    !description.isStateless(record.identity().component()) && hasData(engine, member, record);
            return MemberObservation.of(record, hasData, answer);
        });
        List<MemberObservation> observed = everyone.stream()
                .filter(member ->
                        !description.isStateless(member.record().identity().component()))
                .toList();
        List<MemberObservation> stateless = everyone.stream()
                .filter(member ->
                        description.isStateless(member.record().identity().component()))
                .toList();
        Set<String> statelessComponents = description.components().keySet().stream()
                .filter(description::isStateless)
                .collect(Collectors.toSet());
        Optional<String> lastKnownPrimary =
                Optional.ofNullable(stored.resource().status()).map(ClusterStatus::primary);
        // The topology decides the rendering, and the rendering decides whether a member must be reconfigured:
        // plan once for the topology, render, then plan again with the rendered hashes.
        boolean initialized = store.isInitialized(stored.name());
        PlanningInput input = new PlanningInput(
                spec,
                observed,
                leadership.current(stored.name()),
                lastKnownPrimary,
                Map.of(),
                initialized,
                statelessComponents,
                stateless);
        ClusterPlan draft = ClusterPlanner.plan(input);
        Topology topology = new Topology(
                draft.primary().map(contexts::get),
                draft.synchronousStandbys(),
                spec.availabilityOrDefault().isSynchronous());
        Map<String, String> hashes = new LinkedHashMap<>();
        for (MemberContext member : contexts.values()) {
            hashes.put(member.name(), engine.render(member, topology).hash());
        }
        ClusterPlan plan = ClusterPlanner.plan(input.withHashes(hashes));
        return new ClusterView(stored.name(), spec, engine, contexts, observed, stateless, topology, plan);
    }

    private Step steps(ClusterView pass, Engine engine, int round) {
        List<Step> additions = new ArrayList<>();
        List<Step> primarySteps = new ArrayList<>();
        List<Step> replicaSteps = new ArrayList<>();
        List<Step> replicaReconfigures = new ArrayList<>();
        List<Step> primaryReconfigures = new ArrayList<>();
        List<Step> removals = new ArrayList<>();
        String primary = pass.plan().primary().orElse("");
        if (pass.plan().changesLeadership()) {
            // Replacing the primary goes alone: nothing else may act on a topology that is about to change.
            return Step.sequential("pass-" + round, List.of(leadershipStep(pass, engine)));
        }
        boolean adding = pass.plan().actions().stream().anyMatch(PlannedAction.AddMember.class::isInstance);
        // Listing every cluster's ports is worth it only when a member is added on a machine others share.
        Set<Integer> reserved = adding && runtime.sharesPorts() ? new HashSet<>(reservedPorts()) : new HashSet<>();
        for (PlannedAction action : pass.plan().actions()) {
            switch (action) {
                case PlannedAction.AddMember add ->
                    additions.add(Step.action(
                            "add-" + add.component() + "-member", () -> addMember(pass, engine, add, reserved)));
                case PlannedAction.Bootstrap bootstrap ->
                    primarySteps.add(Step.timeout(
                            Step.action(
                                    "initialize " + bootstrap.member(),
                                    () -> bootstrap(pass, engine, bootstrap.member())),
                            settings.bootstrapTimeout()));
                case PlannedAction.Initialize initialize ->
                    primarySteps.add(Step.action(
                            "create users and databases on " + initialize.member(),
                            () -> initializeCluster(pass, engine, initialize.member())));
                case PlannedAction.Start start -> {
                    Step step = Step.timeout(
                            Step.action("start " + start.member(), () -> members.start(pass, start.member())),
                            settings.startTimeout());
                    (start.member().equals(primary) ? primarySteps : replicaSteps).add(step);
                }
                case PlannedAction.Clone clone ->
                    replicaSteps.add(Step.timeout(
                            Step.action(
                                    "clone " + clone.member(),
                                    () -> members.cloneFrom(pass, clone.member(), clone.source())),
                            settings.cloneTimeout()));
                case PlannedAction.Reconfigure reconfigure -> {
                    if (pass.isStateless(reconfigure.member())) {
                        replicaSteps.add(Step.timeout(
                                Step.action(
                                        "reconfigure " + reconfigure.member(),
                                        () -> members.reconfigureStateless(pass, reconfigure.member())),
                                settings.startTimeout()));
                    } else {
                        Step step = Step.action(
                                "reconfigure " + reconfigure.member(),
                                () -> reconfigure(pass, engine, reconfigure.member()));
                        (reconfigure.member().equals(primary) ? primaryReconfigures : replicaReconfigures).add(step);
                    }
                }
                case PlannedAction.Remove remove ->
                    removals.add(Step.action(
                            "remove " + remove.member(), () -> members.remove(pass, remove.member(), false)));
                case PlannedAction.Rejoin rejoin ->
                    replicaSteps.add(Step.timeout(
                            Step.action("rejoin " + rejoin.member(), () -> failovers.rejoin(pass, rejoin)),
                            settings.cloneTimeout()));
                case PlannedAction.Failover failover ->
                    throw new IllegalStateException("a failover is planned alone: " + failover);
                case PlannedAction.AbandonFailover abandon ->
                    throw new IllegalStateException("a failover is planned alone: " + abandon);
            }
        }
        return Step.sequential(
                "pass-" + round,
                List.of(
                        Step.sequential("members", additions),
                        Step.sequential("primary", primarySteps),
                        // Settings a standby must have at least as high as its primary (max_connections, ...) reach
                        // the replicas first; the primary's own change (its synchronous standbys) comes before starts
                        // and copies of replicas, so that one that keeps failing never holds it back.
                        Step.parallel("reconfigure-replicas", replicaReconfigures),
                        Step.sequential("reconfigure-primary", primaryReconfigures),
                        Step.parallel("replicas", replicaSteps),
                        Step.parallel("finish", removals)));
    }

    private Step leadershipStep(ClusterView pass, Engine engine) {
        PlannedAction action = pass.plan().actions().get(0);
        return switch (action) {
            case PlannedAction.Failover failover ->
                Step.timeout(
                        Step.action(
                                "fail over from " + failover.from() + " to " + failover.to(),
                                () -> failovers.failover(pass, failover)),
                        settings.startTimeout());
            case PlannedAction.AbandonFailover abandon ->
                Step.action("abandon the failover to " + abandon.to(), () -> failovers.abandon(pass, abandon));
            default -> throw new IllegalStateException("not a change of leadership: " + action);
        };
    }

    private Set<Integer> reservedPorts() {
        Set<Integer> ports = new HashSet<>();
        for (StoredCluster cluster : store.list()) {
            for (MemberRecord member : store.members(cluster.name())) {
                ports.addAll(member.ports().values());
            }
        }
        return ports;
    }

    private void addMember(ClusterView pass, Engine engine, PlannedAction.AddMember add, Set<Integer> reserved) {
        String cluster = pass.name();
        int ordinal = store.nextOrdinal(cluster, add.component());
        MemberIdentity identity = new MemberIdentity(cluster, add.component(), ordinal);
        Map<String, Integer> ports;
        synchronized (reserved) {
            ports = runtime.allocatePorts(identity, engine.portNames(add.component()), reserved);
            reserved.addAll(ports.values());
        }
        store.saveMember(
                cluster, new MemberRecord(identity, ports, "", clock.instant().toString()));
        events.normal(
                cluster, identity.name(), "MemberAdded", "added " + identity.name() + " on ports " + ports.values());
    }

    private void bootstrap(ClusterView pass, Engine engine, String name) {
        MemberContext member = pass.context(name);
        runtime.agent(engine, member).initialize();
        // The first member starts alone: nothing to wait for yet, so no synchronous standbys.
        Topology alone =
                new Topology(Optional.of(member), List.of(), pass.topology().synchronous());
        MemberPlan plan = engine.render(member, alone);
        runtime.start(member, plan);
        awaitWritable(engine, member, plan);
        saveAppliedHash(member, plan);
        engine.initializeCluster(member);
        store.markInitialized(pass.name());
        events.normal(pass.name(), name, "Initialized", "created the first data set; " + name + " is primary");
    }

    private void initializeCluster(ClusterView pass, Engine engine, String name) {
        engine.initializeCluster(pass.context(name));
        store.markInitialized(pass.name());
        events.normal(pass.name(), name, "Initialized", "created the cluster's users and databases on " + name);
    }

    private void reconfigure(ClusterView pass, Engine engine, String name) {
        MemberContext member = pass.context(name);
        MemberPlan plan = engine.render(member, pass.topology());
        runtime.writeFiles(member, plan);
        List<String> pendingRestart = engine.reload(member);
        saveAppliedHash(member, plan);
        if (pendingRestart.isEmpty()) {
            events.normal(
                    member.identity().cluster(),
                    name,
                    "Reconfigured",
                    "reloaded " + name + " with its new configuration");
        } else {
            events.warning(
                    member.identity().cluster(),
                    name,
                    "RestartPending",
                    name + " needs a restart to apply " + String.join(", ", pendingRestart)
                            + "; a rolling update restarts the replicas first and the primary last");
            try {
                impliedOperations.accept(
                        OperationSpec.of(pass.name(), OperationSpec.ROLLING_UPDATE)
                                .withReason("the spec changed " + String.join(", ", pendingRestart)
                                        + ", which apply only after a restart"),
                        name);
            } catch (RuntimeException e) {
                events.warning(
                        pass.name(),
                        name,
                        "RollingUpdateRefused",
                        "could not start the rolling update: " + e.getMessage()
                                + "; restart the members with: marina op restart " + pass.name());
            }
        }
    }

    /**
     * Whether the member's storage holds data. When the runtime cannot tell now (a pod not scheduled yet, an agent that
     * does not answer), a member that ever ran with a plan is taken to keep its data, so that nothing is copied or
     * initialised over it on a guess; the next pass asks again. A member that never ran has none to lose.
     */
    private boolean hasData(Engine engine, MemberContext member, MemberRecord record) {
        try {
            return runtime.agent(engine, member).hasData();
        } catch (RuntimeFailure e) {
            LOG.debug(
                    "cluster={} member={} whether it has data is not known now: {}",
                    member.identity().cluster(),
                    member.name(),
                    e.getMessage());
            return !record.appliedPlanHash().isEmpty();
        }
    }

    /**
     * Queues a rolling update when the runtime would start a running member anew (Kubernetes: its pod spec changed with
     * the image, resources or placement), as the engine's own settings pending a restart do in {@link #reconfigure}.
     */
    private void implyReplacements(ClusterView pass) {
        for (MemberObservation member : pass.observed()) {
            if (!member.process().running()) {
                continue;
            }
            List<String> pending = runtime.pendingReplacement(pass.context(member.name()));
            if (pending.isEmpty()) {
                continue;
            }
            try {
                impliedOperations.accept(
                        OperationSpec.of(pass.name(), OperationSpec.ROLLING_UPDATE)
                                .withReason(member.name() + " must start anew to apply " + String.join(", ", pending)),
                        member.name());
            } catch (RuntimeException e) {
                events.warning(
                        pass.name(),
                        member.name(),
                        "RollingUpdateRefused",
                        "could not start the rolling update: " + e.getMessage());
            }
        }
    }

    private void awaitWritable(Engine engine, MemberContext member, MemberPlan plan) {
        ProcessState[] process = {ProcessState.running(0)};
        boolean writable = Poll.until(
                () -> {
                    process[0] = runtime.observe(member);
                    return !process[0].running()
                            || engine.probe(member).map(RoleReport::writable).orElse(false);
                },
                settings.startTimeout(),
                Duration.ofMillis(25));
        if (!process[0].running()) {
            throw new IllegalStateException(member.name() + " stopped while starting: " + process[0].detail()
                    + "; see marina logs " + member.identity().cluster() + " " + member.name());
        }
        if (!writable) {
            runtime.stop(member, plan);
            throw new IllegalStateException(member.name() + " did not accept writes within "
                    + Durations.describe(settings.startTimeout()) + "; see marina logs "
                    + member.identity().cluster() + " "
                    + member.name());
        }
    }

    private void saveAppliedHash(MemberContext member, MemberPlan plan) {
        AppliedPlans.save(store, member, plan);
    }

    private ClusterStatus saveStatus(StoredCluster stored, Engine engine, ClusterView pass, Optional<String> failure) {
        // A component's first port is where clients connect.
        Map<String, String> endpoints = pass.contexts().values().stream()
                .collect(Collectors.toMap(
                        MemberContext::name,
                        member -> member.endpoint()
                                .address(engine.portNames(member.identity().component())
                                        .get(0)),
                        (left, right) -> left,
                        LinkedHashMap::new));
        ClusterStatus status = StatusCalculator.compute(
                pass.spec(),
                stored.generation(),
                pass.observed(),
                pass.stateless(),
                pass.plan(),
                endpoints,
                Optional.ofNullable(stored.resource().status()),
                failure,
                clock.instant().toString());
        store.saveStatus(stored.name(), status);
        return status;
    }

    /** The member a failed step acted on: the last word of its path, when that is a member of the pass. */
    private static String memberOf(String stepPath, java.util.Set<String> members) {
        String[] words = stepPath.split("[/ ]");
        String last = words.length == 0 ? "" : words[words.length - 1];
        return members.contains(last) ? last : null;
    }

    private static <T, R> List<R> runInParallel(List<T> items, ThrowingFunction<T, R> work) {
        List<Future<R>> futures = new ArrayList<>();
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (T item : items) {
                futures.add(executor.submit(() -> work.apply(item)));
            }
        }
        List<R> results = new ArrayList<>();
        for (Future<R> future : futures) {
            try {
                results.add(future.get());
            } catch (java.util.concurrent.ExecutionException e) {
                throw e.getCause() instanceof RuntimeException runtime
                        ? runtime
                        : new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        return results;
    }

    @FunctionalInterface
    private interface ThrowingFunction<T, R> {
        R apply(T item) throws Exception;
    }
}
