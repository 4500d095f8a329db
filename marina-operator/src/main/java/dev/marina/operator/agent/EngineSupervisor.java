package dev.marina.operator.agent;

import static java.util.Objects.requireNonNull;

import dev.marina.control.Poll;
import dev.marina.control.runtime.RuntimeFailure;
import dev.marina.runtime.local.EngineUser;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine process, a child of the agent. It starts the engine when told and never again by itself: an engine that
 * exited stays down until the operator decides what to do (a crashed primary must not come back as a second one).
 */
final class EngineSupervisor {

    private static final Logger LOG = LoggerFactory.getLogger(EngineSupervisor.class);
    private static final Duration KILL_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(5);

    private final String cluster;
    private final String member;
    private final EngineUser user;
    private final Path directory;
    private final Set<String> hiddenVariables;
    private final Consumer<String> sink;
    private final EngineOutput output = new EngineOutput(AgentProtocol.MAX_LOG_LINES);

    private volatile Process process;
    private final AtomicLong starts = new AtomicLong();
    private final AtomicLong exits = new AtomicLong();
    private volatile String notStarted = "not started";

    /**
     * @param directory the member's directory: where the engine starts, and where its processes are found
     * @param hiddenVariables the agent's own environment variables (its token), never passed to the engine
     * @param sink where each line the engine writes goes besides the agent's memory (the agent's own output)
     */
    EngineSupervisor(
            String cluster,
            String member,
            EngineUser user,
            Path directory,
            Set<String> hiddenVariables,
            Consumer<String> sink) {
        this.cluster = requireNonNull(cluster, "cluster is null");
        this.member = requireNonNull(member, "member is null");
        this.user = requireNonNull(user, "user is null");
        this.directory = requireNonNull(directory, "directory is null");
        this.hiddenVariables = Set.copyOf(hiddenVariables);
        this.sink = requireNonNull(sink, "sink is null");
    }

    EngineState state() {
        Process current = process;
        if (current == null) {
            return new EngineState(false, 0, OptionalInt.empty(), notStarted);
        }
        if (current.isAlive()) {
            return EngineState.running(current.pid());
        }
        int code = current.exitValue();
        String last = output.lastLine();
        return new EngineState(
                false,
                0,
                OptionalInt.of(code),
                "exited with code " + code + (last.isEmpty() ? "" : "; last log line: " + last));
    }

    /** How many times the engine was started since the agent began. */
    long starts() {
        return starts.get();
    }

    /** How many times the engine exited since the agent began, stopped on purpose or not. */
    long exits() {
        return exits.get();
    }

    /** Why the engine was not started, while it never was (no data yet). */
    void notStarted(String reason) {
        notStarted = requireNonNull(reason, "reason is null");
    }

    /** Starts the engine unless it runs; kills first whatever a previous run left working in the member directory. */
    synchronized EngineState start(List<String> command, Map<String, String> environment) {
        EngineState current = state();
        if (current.running()) {
            return current;
        }
        String program = command.get(0);
        if (!Files.isExecutable(Path.of(program))) {
            throw new RuntimeFailure("program " + program + " of " + member + " is not in this image");
        }
        List<Long> leftovers = EngineProcesses.in(directory).pids();
        if (!leftovers.isEmpty()) {
            LOG.info("cluster={} member={} killing processes {} left by its last run", cluster, member, leftovers);
            kill();
        }
        List<String> full = new ArrayList<>(user.privilegePrefix());
        full.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(full)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        hiddenVariables.forEach(builder.environment()::remove);
        builder.environment().putAll(environment);
        builder.environment().put("LC_ALL", "C.UTF-8");
        try {
            Process started = builder.start();
            process = started;
            starts.incrementAndGet();
            Thread.ofVirtual().name("engine-output-" + member).start(() -> forward(started));
            started.onExit().thenAccept(exited -> {
                exits.incrementAndGet();
                LOG.info(
                        "cluster={} member={} engine process {} exited with code {}",
                        cluster,
                        member,
                        exited.pid(),
                        exited.exitValue());
            });
            LOG.info("cluster={} member={} engine started, pid {}", cluster, member, started.pid());
            return EngineState.running(started.pid());
        } catch (IOException e) {
            throw new RuntimeFailure("cannot start " + program + " for " + member + ": " + e.getMessage(), e);
        }
    }

    /** Sends {@code signal} and waits up to {@code grace} for the engine to exit, then kills it. */
    synchronized EngineState stop(String signal, Duration grace) {
        Process current = process;
        if (current == null || !current.isAlive()) {
            return state();
        }
        Signals.send(current.pid(), signal);
        if (!waitFor(current, grace)) {
            LOG.warn(
                    "cluster={} member={} engine did not stop within {} s of {}; killing it",
                    cluster,
                    member,
                    grace.toSeconds(),
                    signal);
            kill();
        }
        LOG.info("cluster={} member={} engine stopped", cluster, member);
        return state();
    }

    /**
     * Fencing: SIGKILL to the engine's first process, then to everything working in the member directory, until
     * nothing of it lives.
     *
     * @throws RuntimeFailure when processes survive for 10 s; the member is then not fenced
     */
    synchronized EngineState kill() {
        Process current = process;
        EngineProcesses processes = EngineProcesses.in(directory);
        // The first process first, so that it neither starts new processes nor reacts to its children's deaths.
        if (current != null) {
            current.destroyForcibly();
        }
        // A dying process lets go of its working directory before it is a zombie, so it drops out of the scan while
        // it still runs: every process once seen must be dead, not merely out of sight.
        Set<Long> seen = new java.util.TreeSet<>();
        if (current != null) {
            seen.add(current.pid());
        }
        boolean gone = Poll.until(
                () -> {
                    List<Long> pids = processes.pids();
                    seen.addAll(pids);
                    pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
                    return pids.isEmpty() && seen.stream().noneMatch(EngineProcesses::alive);
                },
                KILL_TIMEOUT,
                POLL_INTERVAL);
        if (!gone) {
            throw new RuntimeFailure("processes " + processes.pids() + " of " + member + " survived SIGKILL for "
                    + KILL_TIMEOUT.toSeconds() + " s; the member is not fenced");
        }
        if (current != null) {
            // Dead already; the JDK reaps its child a moment later, and only then knows the exit code.
            waitFor(current, KILL_TIMEOUT);
        }
        return state();
    }

    /** For the agent's own shutdown: the stop signal, then wait for as long as the engine takes. */
    void stopAndWait(String signal) {
        Process current = process;
        if (current == null || !current.isAlive()) {
            return;
        }
        LOG.info("cluster={} member={} stopping the engine with {} before the agent exits", cluster, member, signal);
        Signals.send(current.pid(), signal);
        try {
            current.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    List<String> lastLines(int count) {
        return output.last(count);
    }

    private void forward(Process started) {
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(started.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                output.add(line);
                sink.accept(line);
            }
        } catch (IOException e) {
            LOG.debug("cluster={} member={} engine output closed", cluster, member, e);
        }
    }

    private static boolean waitFor(Process process, Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
