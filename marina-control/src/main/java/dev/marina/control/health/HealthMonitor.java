package dev.marina.control.health;

import static java.util.Objects.requireNonNull;

import dev.marina.control.engine.Engine;
import dev.marina.control.engine.RoleReport;
import dev.marina.control.member.MemberContext;
import dev.marina.control.runtime.MemberRuntime;
import dev.marina.control.runtime.ProcessState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Probes every member of every watched cluster at the cluster's probe interval, counts missed probes, and tells a
 * listener at once when a member's health changes in a way a reconcile pass must act on: its process died, it reached
 * the failure threshold, it answers again, or it started or stopped accepting writes. Detection is this class's job;
 * what to do about it is the planner's.
 *
 * <p>{@link #start} runs the ticks on a schedule; tests call {@link #tick} themselves.
 */
public final class HealthMonitor implements AutoCloseable {

    /** How many failure thresholds of ticks silence goes uncounted while no member has answered yet. */
    private static final int SILENT_START_THRESHOLDS = 4;

    private static final Logger LOG = LoggerFactory.getLogger(HealthMonitor.class);

    private final MemberRuntime runtime;
    private final ExecutorService probes = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, Watch> watches = new ConcurrentHashMap<>();
    private volatile Consumer<String> listener = cluster -> {};
    private volatile ScheduledExecutorService ticker;

    public HealthMonitor(MemberRuntime runtime) {
        this.runtime = requireNonNull(runtime, "runtime is null");
    }

    /** What to call, with the cluster's name, when a pass should look at the cluster now. */
    public void onChange(Consumer<String> changeListener) {
        this.listener = requireNonNull(changeListener, "changeListener is null");
    }

    /** Starts ticking every watched cluster at its own interval. */
    public synchronized void start() {
        if (ticker != null) {
            return;
        }
        ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "health-ticker");
            thread.setDaemon(true);
            return thread;
        });
        watches.keySet().forEach(this::schedule);
    }

    /**
     * Watches {@code members} of {@code cluster} from now on (members no longer listed are forgotten), probing every
     * {@code interval} and declaring a member failed after {@code threshold} missed probes.
     */
    public void watch(
            String cluster, Engine engine, Collection<MemberContext> members, Duration interval, int threshold) {
        requireNonNull(engine, "engine is null");
        Watch watch = watches.computeIfAbsent(cluster, name -> new Watch());
        boolean reschedule;
        synchronized (watch) {
            reschedule = !interval.equals(watch.interval);
            watch.interval = interval;
            watch.threshold = threshold;
            Set<String> names = members.stream().map(MemberContext::name).collect(Collectors.toSet());
            watch.probes.keySet().retainAll(names);
            for (MemberContext member : members) {
                watch.contexts.put(member.name(), member);
                watch.probes
                        .computeIfAbsent(member.name(), name -> new MemberProbe(member, engine))
                        .update(member, engine);
            }
            watch.contexts.keySet().retainAll(names);
        }
        if (reschedule) {
            schedule(cluster);
        }
    }

    /** Stops watching {@code cluster} (it was deleted). */
    public void forget(String cluster) {
        Watch watch = watches.remove(cluster);
        if (watch != null && watch.scheduled != null) {
            watch.scheduled.cancel(false);
        }
    }

    /** The current health of every watched member of {@code cluster}, by name. */
    public Map<String, MemberHealth> health(String cluster) {
        Watch watch = watches.get(cluster);
        if (watch == null) {
            return Map.of();
        }
        Map<String, MemberHealth> health = new LinkedHashMap<>();
        synchronized (watch) {
            watch.probes.forEach((name, probe) -> health.put(name, probe.health()));
        }
        return health;
    }

    /** Whether a probe of a member of {@code cluster} is in flight. */
    public boolean probing(String cluster) {
        Watch watch = watches.get(cluster);
        if (watch == null) {
            return false;
        }
        synchronized (watch) {
            return watch.probes.values().stream().anyMatch(MemberProbe::inFlight);
        }
    }

    /**
     * Fresh answers for a reconcile pass: observes every member's process and waits up to {@code wait} for each to
     * answer a probe (the one in flight, or a new one). A member that does not answer in time is reported without a
     * role; only ticks count misses.
     */
    public Map<String, MemberHealth> observe(
            String cluster, Engine engine, Collection<MemberContext> members, Duration wait) {
        Watch watch = watches.computeIfAbsent(cluster, name -> new Watch());
        List<MemberProbe> memberProbes = new ArrayList<>();
        synchronized (watch) {
            for (MemberContext member : members) {
                MemberProbe probe =
                        watch.probes.computeIfAbsent(member.name(), name -> new MemberProbe(member, engine));
                probe.update(member, engine);
                memberProbes.add(probe);
            }
        }
        List<Future<MemberHealth>> answers = new ArrayList<>();
        List<MemberContext> ordered = List.copyOf(members);
        for (int i = 0; i < ordered.size(); i++) {
            MemberContext member = ordered.get(i);
            MemberProbe probe = memberProbes.get(i);
            answers.add(probes.submit(() -> {
                ProcessState process = runtime.observe(member);
                Optional<RoleReport> answer = probe.answer(process, probes, wait);
                MemberHealth known = probe.health();
                return new MemberHealth(
                        process,
                        answer,
                        answer.isPresent() ? answer : known.lastAnswer(),
                        answer.isPresent() ? 0 : known.missedProbes());
            }));
        }
        Map<String, MemberHealth> health = new LinkedHashMap<>();
        for (int i = 0; i < ordered.size(); i++) {
            health.put(ordered.get(i).name(), join(answers.get(i)));
        }
        return health;
    }

    /**
     * One probe interval passed for {@code cluster}: observes each member's process, counts misses, sends the next
     * probes, and calls the listener when a pass should look now.
     */
    public void tick(String cluster) {
        Watch watch = watches.get(cluster);
        if (watch == null) {
            return;
        }
        Map<String, MemberProbe> memberProbes;
        Map<String, MemberContext> contexts;
        int threshold;
        synchronized (watch) {
            memberProbes = new LinkedHashMap<>(watch.probes);
            contexts = new LinkedHashMap<>(watch.contexts);
            threshold = watch.threshold;
        }
        // A control plane that has heard from no member since it started cannot tell its own slowness (a cold JVM on a
        // loaded machine) from theirs, and nothing then needs a silent member declared failed: a failover needs a
        // candidate that answers. So silence counts once some member answered, or after a grace of a few thresholds
        // (a cluster whose members are all frozen must still be acted on). A process that is gone counts at once.
        boolean countSilence;
        synchronized (watch) {
            watch.ticks++;
            watch.heardFromSomeone =
                    watch.heardFromSomeone || memberProbes.values().stream().anyMatch(MemberProbe::answeredEver);
            countSilence = watch.heardFromSomeone || watch.ticks > (long) SILENT_START_THRESHOLDS * threshold;
        }
        boolean changed = false;
        for (Map.Entry<String, MemberProbe> entry : memberProbes.entrySet()) {
            MemberContext member = contexts.get(entry.getKey());
            if (member == null) {
                continue;
            }
            MemberProbe probe = entry.getValue();
            probe.tick(runtime.observe(member), probes, countSilence);
            MemberHealth after = probe.health();
            MemberHealth before = probe.reported(after);
            if (mattersToAPass(before, after, threshold)) {
                LOG.info("cluster={} member={} health changed: {}", cluster, member.name(), describe(after, threshold));
                changed = true;
            }
        }
        if (changed) {
            listener.accept(cluster);
        }
    }

    private static boolean mattersToAPass(MemberHealth before, MemberHealth after, int threshold) {
        return before.process().running() != after.process().running()
                || before.failed(threshold) != after.failed(threshold)
                || writableChanged(before, after);
    }

    /** Whether a member that answered before and after changed its mind about accepting writes (a promotion). */
    private static boolean writableChanged(MemberHealth before, MemberHealth after) {
        return before.role().isPresent()
                && after.role().isPresent()
                && before.role().get().writable() != after.role().get().writable();
    }

    private static String describe(MemberHealth health, int threshold) {
        if (!health.process().running()) {
            return "process not running";
        }
        if (health.failed(threshold)) {
            return "missed " + health.missedProbes() + " probes in a row";
        }
        return health.role().map(role -> "answers as " + role.role()).orElse("not answering yet");
    }

    private void schedule(String cluster) {
        ScheduledExecutorService scheduler = ticker;
        Watch watch = watches.get(cluster);
        if (scheduler == null || watch == null) {
            return;
        }
        synchronized (watch) {
            if (watch.scheduled != null) {
                watch.scheduled.cancel(false);
            }
            long millis = watch.interval.toMillis();
            watch.scheduled = scheduler.scheduleAtFixedRate(
                    () -> {
                        try {
                            tick(cluster);
                        } catch (RuntimeException e) {
                            LOG.error("cluster={} health check failed", cluster, e);
                        }
                    },
                    millis,
                    millis,
                    TimeUnit.MILLISECONDS);
        }
    }

    private static MemberHealth join(Future<MemberHealth> future) {
        try {
            return future.get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Stops the scheduled ticks; probes on demand ({@link #observe}) still work. For members stopped on purpose. */
    public synchronized void stopTicking() {
        if (ticker != null) {
            ticker.shutdownNow();
        }
    }

    @Override
    public synchronized void close() {
        if (ticker != null) {
            ticker.shutdownNow();
        }
        probes.shutdownNow();
    }

    /** What is watched of one cluster. */
    private static final class Watch {
        Duration interval = Duration.ZERO;
        int threshold = Integer.MAX_VALUE;
        long ticks;
        boolean heardFromSomeone;
        ScheduledFuture<?> scheduled;
        final Map<String, MemberProbe> probes = new LinkedHashMap<>();
        final Map<String, MemberContext> contexts = new LinkedHashMap<>();
    }
}
