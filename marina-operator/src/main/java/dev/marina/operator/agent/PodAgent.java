package dev.marina.operator.agent;

import static java.util.Objects.requireNonNull;

import dev.marina.control.engine.Engine;
import dev.marina.control.engine.MemberAgent;
import dev.marina.control.engine.MemberPlan;
import dev.marina.control.member.MemberContext;
import dev.marina.control.member.MemberLayout;
import dev.marina.control.runtime.RuntimeFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One member's agent in its pod: the engine process, the member's files and the engine's data actions, whatever asks
 * (the pod's start, or the operator over HTTP). Actions that change something run one at a time; another one that
 * arrives meanwhile is refused, not queued, since the operator retries on its next pass. Fencing is the exception: it
 * never waits for anything.
 */
final class PodAgent implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PodAgent.class);

    private final AgentSettings settings;
    private final Map<String, Engine> engines;
    private final PodHost host;
    private final EngineSupervisor supervisor;
    private final ReentrantLock busy = new ReentrantLock();
    private volatile String busyWith = "";

    /** The member as the operator last described it; what readiness probes the engine with. */
    private volatile MemberContext known;

    PodAgent(AgentSettings settings, Map<String, Engine> engines, PodHost host, EngineSupervisor supervisor) {
        this.settings = requireNonNull(settings, "settings is null");
        this.engines = new TreeMap<>(engines);
        this.host = requireNonNull(host, "host is null");
        this.supervisor = requireNonNull(supervisor, "supervisor is null");
    }

    /**
     * What the container does first: copy the plan's files, then start the engine's command, unless the data directory
     * is still empty (a new member): then the operator initialises or clones it and starts the engine itself.
     */
    void boot() {
        Path data = settings.layout().data();
        if (isEmpty(data)) {
            // A replica's plan holds a file in the data directory (PostgreSQL's standby marker): written into an empty
            // one, it would make the engine's agent refuse to initialise or clone there, as it refuses foreign data.
            settings.plan().copy(host, Optional.of(data));
            String reason =
                    "no data in " + data + " yet: the operator initialises or clones it, then starts the engine";
            supervisor.notStarted(reason);
            LOG.info("cluster={} member={} {}", settings.cluster(), settings.member(), reason);
            return;
        }
        // The engine waits for the operator's start, even with data: the files mounted here are the member's last
        // plan, and a primary fenced and replaced while its pod was gone would come back from them as a second
        // primary on its old timeline. The operator (the control core) decides whether and how it starts.
        settings.plan().copy(host, Optional.empty());
        String reason = "the operator starts the engine once it has decided the member's role";
        supervisor.notStarted(reason);
        LOG.info("cluster={} member={} {}", settings.cluster(), settings.member(), reason);
    }

    /** The agent's metrics in Prometheus' text format, for the cluster's ServiceMonitor: nothing secret in them. */
    String metrics() {
        return AgentMetrics.text(
                settings.cluster(), settings.member(), supervisor.state(), supervisor.starts(), supervisor.exits());
    }

    EngineState state() {
        return supervisor.state();
    }

    /** Whether the engine accepts connections; the reason when it does not. */
    Optional<String> notReadyBecause() {
        EngineState state = supervisor.state();
        if (!state.running()) {
            return Optional.of("the engine does not run: " + state.detail());
        }
        MemberContext member = known;
        if (member == null) {
            return Optional.of("the operator has not described the member to the agent yet");
        }
        if (engine(member).probe(member).isEmpty()) {
            return Optional.of("the engine does not accept connections yet");
        }
        return Optional.empty();
    }

    void describe(MemberContext member) {
        known = check(member);
    }

    /** Writes the plan's files, removes the absent ones, starts the engine; an engine that runs is left alone. */
    EngineState start(MemberContext member, MemberPlan plan) {
        check(member);
        return exclusive("start", () -> {
            if (supervisor.state().running()) {
                return supervisor.state();
            }
            known = member;
            writeFiles(plan);
            plan.absentFiles().forEach(path -> host.delete(Path.of(path)));
            return supervisor.start(plan.command(), plan.environment());
        });
    }

    EngineState stop(String signal, Duration grace) {
        return exclusive("stop", () -> supervisor.stop(signal, grace));
    }

    /** Fencing: not behind the lock, since an action that runs (a clone) must not delay it; it kills that too. */
    EngineState kill() {
        EngineState state = supervisor.kill();
        LOG.info("cluster={} member={} fenced: nothing of the engine runs", settings.cluster(), settings.member());
        return state;
    }

    /** Writes the plan's files at once, without restarting anything; returns their paths. */
    List<String> writeFiles(MemberContext member, MemberPlan plan) {
        check(member);
        return exclusive("write files", () -> {
            known = member;
            writeFiles(plan);
            return List.copyOf(plan.files().keySet());
        });
    }

    /** Runs a data action through the engine's own agent code; the result for has-data and stopped-position. */
    Object data(DataAction action, MemberContext member, Optional<MemberContext> source) {
        check(member);
        return exclusive(action.path(), () -> {
            if (action.refusedWhileRunning() && supervisor.state().running()) {
                throw RequestRefused.conflict(action.path() + " of " + member.name()
                        + " is refused while its engine runs; stop the engine first");
            }
            known = member;
            MemberAgent agent = engine(member).agent(member, host);
            LOG.info(
                    "cluster={} member={} {}{}",
                    settings.cluster(),
                    settings.member(),
                    action.path(),
                    source.map(from -> " from " + from.name()).orElse(""));
            return switch (action) {
                case HAS_DATA -> agent.hasData();
                case INITIALIZE -> {
                    agent.initialize();
                    yield Boolean.TRUE;
                }
                case CLONE -> {
                    agent.cloneFrom(source.orElseThrow());
                    yield Boolean.TRUE;
                }
                case WIPE -> {
                    agent.wipe();
                    yield Boolean.TRUE;
                }
                case REWIND -> {
                    agent.rewindFrom(source.orElseThrow());
                    yield Boolean.TRUE;
                }
                case STOPPED_POSITION -> {
                    OptionalLong position = agent.stoppedPosition();
                    yield position.isPresent() ? (Object) position.getAsLong() : OptionalLong.empty();
                }
            };
        });
    }

    List<String> logs(int lines) {
        return supervisor.lastLines(lines);
    }

    /** The pod's SIGTERM: the engine's stop signal, then wait until it exits. */
    void shutdown() {
        supervisor.stopAndWait(settings.stopSignal());
    }

    @Override
    public void close() {
        for (Engine engine : engines.values()) {
            if (engine instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    LOG.debug(
                            "cluster={} member={} closing an engine failed", settings.cluster(), settings.member(), e);
                }
            }
        }
    }

    private void writeFiles(MemberPlan plan) {
        plan.files().forEach((path, file) -> host.writeFile(Path.of(path), file.content(), file.secret()));
    }

    /**
     * A request meant for another member (a pod name reused, a stale address) must change nothing here; and the paths
     * it names must be this pod's, since the engine's agent acts on them.
     */
    private MemberContext check(MemberContext member) {
        if (!member.name().equals(settings.member())) {
            throw RequestRefused.conflict(
                    "this agent runs member " + settings.member() + ", not " + member.name() + "; nothing was done");
        }
        MemberLayout layout = settings.layout();
        if (!member.layout().equals(layout)) {
            throw JsonFields.invalid(
                    "member.layout",
                    "must be this pod's layout (data in " + layout.data() + ", config in " + layout.config() + ")");
        }
        engine(member);
        return member;
    }

    private Engine engine(MemberContext member) {
        Engine engine = engines.get(member.spec().engine());
        if (engine == null) {
            throw JsonFields.invalid("member.spec.engine", "this agent runs " + engines.keySet() + " only");
        }
        return engine;
    }

    private <T> T exclusive(String action, Supplier<T> work) {
        if (!busy.tryLock()) {
            throw RequestRefused.conflict(
                    "the agent of " + settings.member() + " is busy: " + busyWith + "; try again when it is done");
        }
        try {
            busyWith = action + " since " + Instant.now();
            return work.get();
        } finally {
            busyWith = "";
            busy.unlock();
        }
    }

    private static boolean isEmpty(Path directory) {
        if (!Files.isDirectory(directory)) {
            return true;
        }
        try (var entries = Files.list(directory)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            throw new RuntimeFailure("cannot read " + directory + ": " + e.getMessage(), e);
        }
    }
}
