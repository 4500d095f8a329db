package dev.marina.testkit;

import static java.util.Objects.requireNonNull;

import dev.marina.control.engine.Engine;
import dev.marina.control.engine.MemberAgent;
import dev.marina.control.engine.MemberPlan;
import dev.marina.control.member.MemberContext;
import dev.marina.control.member.MemberIdentity;
import dev.marina.control.member.MemberLayout;
import dev.marina.control.runtime.MemberRuntime;
import dev.marina.control.runtime.ProcessState;
import dev.marina.control.runtime.RuntimeFailure;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A {@link MemberRuntime} whose members are pretend processes: a start hands out the next process id, a stop or a
 * {@link #kill} takes it away. It remembers the files each member was given and every call that changes something
 * ({@code writeFiles}, {@code start}, {@code stop}, {@code fence}, {@code removeStorage}, {@code removeCluster}), can
 * be told to refuse a member's start, stop or fence or to run out of ports, and gives each member a {@link FakeHost} for the engine's
 * agent. Thread-safe.
 *
 * <p>{@link #connectedTo(FakeEngine)} wires a {@link FakeEngine} to it: the engine answers probes only for running
 * members, and removing a member's storage removes its data set.
 */
public final class FakeRuntime implements MemberRuntime {

    public static final String NAME = "fake";
    public static final Path ROOT = Path.of("/fake-runtime");
    public static final int FIRST_PORT = 20000;

    /** One call that changed something: its name and the member (or cluster) it was about. */
    public record Call(String name, String target) {

        public Call {
            requireNonNull(name, "name is null");
            requireNonNull(target, "target is null");
        }

        @Override
        public String toString() {
            return name + " " + target;
        }
    }

    private final Object lock = new Object();
    private final Map<String, Long> processes = new HashMap<>();
    private final Map<String, String> exits = new HashMap<>();
    private final Map<String, Map<String, String>> files = new HashMap<>();
    private final Map<String, MemberPlan> lastPlans = new HashMap<>();
    private final Map<String, String> startFailures = new HashMap<>();
    private final Map<String, String> stopFailures = new HashMap<>();
    private final Map<String, String> fenceFailures = new HashMap<>();
    private final Map<String, FakeHost> hosts = new HashMap<>();
    private final Map<String, List<String>> logs = new HashMap<>();
    private final Set<Integer> allocated = new HashSet<>();
    private final List<Call> calls = new ArrayList<>();
    private final List<Consumer<MemberIdentity>> storageListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<String>> startListeners = new CopyOnWriteArrayList<>();
    private String portFailure;
    private long lastPid = 1000;
    private int nextPort = FIRST_PORT;

    /** A runtime with {@code engine} wired to it: see the class description. */
    public static FakeRuntime connectedTo(FakeEngine engine) {
        FakeRuntime runtime = new FakeRuntime();
        engine.answersOnlyWhen(runtime::isRunning);
        runtime.onStorageRemoved(member -> engine.dropData(member.name()));
        // A process that hung does not hang again once it was killed and started anew.
        runtime.onStart(member -> engine.answering(member, true));
        // A started process applies every setting it was given.
        runtime.onStart(engine::restarted);
        return runtime;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public MemberLayout layout(MemberIdentity member) {
        return MemberLayout.under(ROOT.resolve(member.cluster()).resolve(member.name()));
    }

    @Override
    public String host(MemberIdentity member) {
        return member.name();
    }

    @Override
    public List<String> tlsHosts(String cluster) {
        // The fake engine serves no TLS: the certificate names the local hosts only.
        return List.of();
    }

    @Override
    public Map<String, Integer> allocatePorts(MemberIdentity member, List<String> names, Collection<Integer> reserved) {
        synchronized (lock) {
            if (portFailure != null) {
                throw new RuntimeFailure(portFailure);
            }
            Map<String, Integer> ports = new LinkedHashMap<>();
            for (String name : names) {
                while (reserved.contains(nextPort) || allocated.contains(nextPort)) {
                    nextPort++;
                }
                allocated.add(nextPort);
                ports.put(name, nextPort);
            }
            return ports;
        }
    }

    @Override
    public MemberAgent agent(Engine engine, MemberContext member) {
        return engine.agent(member, host(member.name()));
    }

    @Override
    public ProcessState observe(MemberContext member) {
        synchronized (lock) {
            Long pid = processes.get(member.name());
            if (pid != null) {
                return ProcessState.running(pid);
            }
            return ProcessState.stopped(exits.getOrDefault(member.name(), "never started"));
        }
    }

    @Override
    public void writeFiles(MemberContext member, MemberPlan plan) {
        synchronized (lock) {
            calls.add(new Call("writeFiles", member.name()));
            write(member.name(), plan);
        }
    }

    @Override
    public ProcessState start(MemberContext member, MemberPlan plan) {
        synchronized (lock) {
            calls.add(new Call("start", member.name()));
            String failure = startFailures.get(member.name());
            if (failure != null) {
                log(member.name(), "start refused: " + failure);
                throw new RuntimeFailure("cannot start " + member.name() + ": " + failure);
            }
            Long running = processes.get(member.name());
            if (running != null) {
                return ProcessState.running(running);
            }
            write(member.name(), plan);
            long pid = ++lastPid;
            processes.put(member.name(), pid);
            exits.remove(member.name());
            log(member.name(), "started as pid " + pid + ": " + String.join(" ", plan.command()));
        }
        // Outside the lock, as for storage listeners.
        startListeners.forEach(listener -> listener.accept(member.name()));
        return observe(member);
    }

    @Override
    public void stop(MemberContext member, MemberPlan plan) {
        synchronized (lock) {
            calls.add(new Call("stop", member.name()));
            String failure = stopFailures.get(member.name());
            if (failure != null) {
                throw new RuntimeFailure("cannot stop " + member.name() + ": " + failure);
            }
            if (processes.remove(member.name()) != null) {
                exits.put(member.name(), "stopped with SIG" + plan.stopSignal());
                log(member.name(), "stopped with SIG" + plan.stopSignal());
            }
        }
    }

    @Override
    public void fence(MemberContext member) {
        synchronized (lock) {
            calls.add(new Call("fence", member.name()));
            String failure = fenceFailures.get(member.name());
            if (failure != null) {
                throw new RuntimeFailure("cannot fence " + member.name() + ": " + failure);
            }
            if (processes.remove(member.name()) != null) {
                exits.put(member.name(), "fenced with SIGKILL");
                log(member.name(), "fenced with SIGKILL");
            }
        }
    }

    @Override
    public void removeStorage(MemberIdentity member) {
        synchronized (lock) {
            calls.add(new Call("removeStorage", member.name()));
            files.remove(member.name());
            lastPlans.remove(member.name());
            logs.remove(member.name());
            FakeHost host = hosts.get(member.name());
            if (host != null) {
                host.delete(layout(member).root());
            }
        }
        // Outside the lock: a listener may call into an engine that calls back into this runtime.
        storageListeners.forEach(listener -> listener.accept(member));
    }

    @Override
    public void removeCluster(String cluster) {
        synchronized (lock) {
            calls.add(new Call("removeCluster", cluster));
        }
    }

    @Override
    public String logs(MemberIdentity member, int lines) {
        synchronized (lock) {
            List<String> log = logs.getOrDefault(member.name(), List.of());
            return String.join("\n", log.subList(Math.max(0, log.size() - lines), log.size()));
        }
    }

    // What a test can do to the runtime.

    /** Ends {@code member}'s process as {@code kill -9} would: no stop call is recorded. */
    public void kill(String member) {
        synchronized (lock) {
            if (processes.remove(member) == null) {
                throw new IllegalStateException(member + " is not running");
            }
            exits.put(member, "killed with SIGKILL");
            log(member, "killed with SIGKILL");
        }
    }

    /** Makes every later start of {@code member} fail with {@code reason}, until {@link #allowStarts}. */
    public void refuseStarts(String member, String reason) {
        synchronized (lock) {
            startFailures.put(member, requireNonNull(reason, "reason is null"));
        }
    }

    public void allowStarts(String member) {
        synchronized (lock) {
            startFailures.remove(member);
        }
    }

    /** Makes every later stop of {@code member} fail with {@code reason}, until {@link #allowStops}. */
    public void refuseStops(String member, String reason) {
        synchronized (lock) {
            stopFailures.put(member, requireNonNull(reason, "reason is null"));
        }
    }

    public void allowStops(String member) {
        synchronized (lock) {
            stopFailures.remove(member);
        }
    }

    /** Makes every later fence of {@code member} fail with {@code reason}, until {@link #allowFences}. */
    public void refuseFences(String member, String reason) {
        synchronized (lock) {
            fenceFailures.put(member, requireNonNull(reason, "reason is null"));
        }
    }

    public void allowFences(String member) {
        synchronized (lock) {
            fenceFailures.remove(member);
        }
    }

    /** Makes every later port allocation fail with {@code reason}; {@code null} lets them succeed again. */
    public void refusePorts(String reason) {
        synchronized (lock) {
            portFailure = reason;
        }
    }

    /** Calls {@code listener} with the member's name after it was started. */
    public void onStart(Consumer<String> listener) {
        startListeners.add(requireNonNull(listener, "listener is null"));
    }

    /** Calls {@code listener} after a member's storage was removed. */
    public void onStorageRemoved(Consumer<MemberIdentity> listener) {
        storageListeners.add(requireNonNull(listener, "listener is null"));
    }

    // What a test can look at.

    public boolean isRunning(String member) {
        synchronized (lock) {
            return processes.containsKey(member);
        }
    }

    public Optional<Long> pid(String member) {
        synchronized (lock) {
            return Optional.ofNullable(processes.get(member));
        }
    }

    /** Every call that changed something, in order. */
    public List<Call> calls() {
        synchronized (lock) {
            return List.copyOf(calls);
        }
    }

    public List<Call> calls(String name) {
        return calls().stream().filter(call -> call.name().equals(name)).toList();
    }

    /** The members (or clusters) {@code name} was called for, in order. */
    public List<String> targets(String name) {
        return calls(name).stream().map(Call::target).toList();
    }

    public void clearCalls() {
        synchronized (lock) {
            calls.clear();
        }
    }

    /** The files {@code member} has now, by absolute path: the plan's files, without the ones it must not have. */
    public Map<String, String> files(String member) {
        synchronized (lock) {
            return Map.copyOf(files.getOrDefault(member, Map.of()));
        }
    }

    /** The content of {@code member}'s file called {@code fileName} in any directory. */
    public Optional<String> file(String member, String fileName) {
        return files(member).entrySet().stream()
                .filter(entry ->
                        Path.of(entry.getKey()).getFileName().toString().equals(fileName))
                .map(Map.Entry::getValue)
                .findFirst();
    }

    /** The plan {@code member}'s files were last written from. */
    public Optional<MemberPlan> lastPlan(String member) {
        synchronized (lock) {
            return Optional.ofNullable(lastPlans.get(member));
        }
    }

    /** The host {@code member}'s agent acts through. */
    public FakeHost host(String member) {
        synchronized (lock) {
            return hosts.computeIfAbsent(member, name -> new FakeHost());
        }
    }

    private void write(String member, MemberPlan plan) {
        Map<String, String> memberFiles = files.computeIfAbsent(member, name -> new TreeMap<>());
        plan.files().forEach((path, file) -> memberFiles.put(path, file.content()));
        plan.absentFiles().forEach(memberFiles::remove);
        lastPlans.put(member, plan);
    }

    private void log(String member, String line) {
        logs.computeIfAbsent(member, name -> new ArrayList<>()).add(line);
    }
}
