package dev.marina.runtime.local;

import static java.util.Objects.requireNonNull;

import dev.marina.control.Poll;
import dev.marina.control.engine.Engine;
import dev.marina.control.engine.MemberAgent;
import dev.marina.control.engine.MemberPlan;
import dev.marina.control.member.MemberContext;
import dev.marina.control.member.MemberIdentity;
import dev.marina.control.member.MemberLayout;
import dev.marina.control.runtime.MemberRuntime;
import dev.marina.control.runtime.ProcessState;
import dev.marina.control.runtime.RuntimeFailure;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Members as local processes under {@code $MARINA_HOME/clusters/<cluster>/<member>}. Each process runs in its own
 * session, so it outlives the control plane; a restarted control plane finds it again through its pid file.
 */
public final class LocalRuntime implements MemberRuntime {

    private static final Logger LOG = LoggerFactory.getLogger(LocalRuntime.class);
    private static final String HOST = "127.0.0.1";

    private final Path clustersDirectory;
    private final EngineUser user;
    private final PortAllocator ports;
    private final Duration stopGrace;
    /** Processes this control plane started: their exit codes explain a member that stopped. */
    private final Map<String, Process> children = new ConcurrentHashMap<>();

    public LocalRuntime(Path home, EngineUser user, PortAllocator ports, Duration stopGrace) {
        this.clustersDirectory = requireNonNull(home, "home is null").resolve("clusters");
        this.user = requireNonNull(user, "user is null");
        this.ports = requireNonNull(ports, "ports is null");
        this.stopGrace = requireNonNull(stopGrace, "stopGrace is null");
        prepareClustersDirectory();
    }

    private void prepareClustersDirectory() {
        try {
            Files.createDirectories(clustersDirectory);
            // Root-owned and searchable, so the engine user can reach its own member directories below it.
            Files.setPosixFilePermissions(
                    clustersDirectory, java.nio.file.attribute.PosixFilePermissions.fromString("rwx--x--x"));
        } catch (IOException e) {
            throw new RuntimeFailure("cannot create " + clustersDirectory + ": " + e.getMessage(), e);
        }
        user.ensureCanTraverse(clustersDirectory);
    }

    @Override
    public String name() {
        return "local";
    }

    @Override
    public MemberLayout layout(MemberIdentity member) {
        return MemberLayout.under(clusterDirectory(member.cluster()).resolve(member.name()));
    }

    private Path clusterDirectory(String cluster) {
        return clustersDirectory.resolve(cluster);
    }

    @Override
    public String host(MemberIdentity member) {
        return HOST;
    }

    @Override
    public List<String> tlsHosts(String cluster) {
        return List.of(HOST);
    }

    @Override
    public Map<String, Integer> allocatePorts(MemberIdentity member, List<String> names, Collection<Integer> reserved) {
        Map<String, Integer> allocated = new LinkedHashMap<>();
        List<Integer> taken = new ArrayList<>(reserved);
        for (String name : names) {
            int port = ports.allocate(member.name() + "/" + name, taken);
            allocated.put(name, port);
            taken.add(port);
        }
        return allocated;
    }

    @Override
    public MemberAgent agent(Engine engine, MemberContext member) {
        ensureClusterDirectory(member.identity().cluster());
        return engine.agent(member, new LocalHost(user, member.layout().root()));
    }

    @Override
    public ProcessState observe(MemberContext member) {
        Path pidFile = pidFile(member.layout());
        Optional<PidFile> recorded = PidFile.read(pidFile);
        if (recorded.isPresent() && recorded.get().live().isPresent()) {
            return ProcessState.running(recorded.get().pid());
        }
        Process child = children.get(member.name());
        if (child != null && !child.isAlive()) {
            return ProcessState.stopped("exited with code " + child.exitValue() + lastLogLine(member.layout()));
        }
        return ProcessState.stopped("");
    }

    @Override
    public void writeFiles(MemberContext member, MemberPlan plan) {
        MemberLayout layout = member.layout();
        LocalHost host = new LocalHost(user, layout.root());
        prepareDirectories(layout, host);
        plan.files().forEach((path, file) -> host.writeFile(Path.of(path), file.content(), file.secret()));
    }

    @Override
    public ProcessState start(MemberContext member, MemberPlan plan) {
        ProcessState current = observe(member);
        if (current.running()) {
            return current;
        }
        MemberLayout layout = member.layout();
        String program = plan.command().get(0);
        if (!Files.isExecutable(Path.of(program))) {
            throw new RuntimeFailure("program " + program + " for " + member.name() + " not found; install the "
                    + member.spec().engine() + " " + member.spec().version() + " server package (see docs/install.md)");
        }
        user.checkOwns(layout.data());
        killLeftovers(member);
        writeFiles(member, plan);
        LocalHost host = new LocalHost(user, layout.root());
        for (String absent : plan.absentFiles()) {
            host.delete(Path.of(absent));
        }
        for (Map.Entry<String, Integer> port : member.endpoint().ports().entrySet()) {
            if (!PortAllocator.isFree(port.getValue())) {
                throw new RuntimeFailure(
                        "port " + port.getValue() + " (" + port.getKey() + ") of " + member.name()
                                + " is in use by another program; stop that program or remove the member so it gets a new port");
            }
        }
        List<String> command = new ArrayList<>(user.launchPrefix());
        command.addAll(plan.command());
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.directory(layout.root().toFile());
        builder.environment().putAll(plan.environment());
        builder.environment().put("LC_ALL", "C.UTF-8");
        builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(layout.log().toFile()));
        builder.redirectErrorStream(true);
        try {
            appendLog(layout, "---- " + Instant.now() + " marina starts " + member.name() + "\n");
            Process process = builder.start();
            Instant started = process.info().startInstant().orElse(Instant.now());
            new PidFile(process.pid(), started).write(pidFile(layout));
            children.put(member.name(), process);
            LOG.info("cluster={} member={} started pid {}", member.identity().cluster(), member.name(), process.pid());
            return ProcessState.running(process.pid());
        } catch (IOException e) {
            throw new RuntimeFailure("cannot start " + member.name() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void stop(MemberContext member, MemberPlan plan) {
        Optional<ProcessHandle> process = PidFile.read(pidFile(member.layout())).flatMap(PidFile::live);
        if (process.isEmpty()) {
            return;
        }
        ProcessHandle handle = process.get();
        signal(handle.pid(), plan.stopSignal());
        boolean exited = Poll.until(() -> !PidFile.running(handle), stopGrace, Duration.ofMillis(20));
        if (!exited) {
            LOG.warn(
                    "cluster={} member={} did not stop within {} s; killing it",
                    member.identity().cluster(),
                    member.name(),
                    stopGrace.toSeconds());
            handle.destroyForcibly();
            Poll.until(() -> !PidFile.running(handle), Duration.ofSeconds(10), Duration.ofMillis(20));
        }
        LOG.info("cluster={} member={} stopped", member.identity().cluster(), member.name());
    }

    /**
     * Kills the member's processes, found by where they work rather than by the pid file or the process group (see
     * {@link MemberProcesses}): after a crash the pid file names a dead postmaster while its children live on.
     */
    @Override
    public void fence(MemberContext member) {
        MemberProcesses processes = MemberProcesses.in(member.layout().root());
        OptionalLong postmaster = livePid(member);
        if (postmaster.isEmpty() && processes.isEmpty()) {
            return;
        }
        killAll(member, processes, postmaster, "the member is not fenced");
        LOG.info(
                "cluster={} member={} fenced: every process of it killed",
                member.identity().cluster(),
                member.name());
    }

    /**
     * A member whose first process died (kill -9, a crash) can leave processes behind that still hold its data (a
     * frozen one cannot even notice); PostgreSQL would refuse to start on it ("pre-existing shared memory block is
     * still in use").
     */
    private void killLeftovers(MemberContext member) {
        // Only after a run of ours: without a pid file, whatever works there was not started by Marina.
        if (PidFile.read(pidFile(member.layout())).isEmpty()) {
            return;
        }
        MemberProcesses processes = MemberProcesses.in(member.layout().root());
        List<Long> leftovers = processes.pids();
        if (!leftovers.isEmpty()) {
            LOG.info(
                    "cluster={} member={} killing leftover processes {} of its last run",
                    member.identity().cluster(),
                    member.name(),
                    leftovers);
            killAll(member, processes, OptionalLong.empty(), "it cannot start");
        }
        removeStaleLocks(member);
    }

    /**
     * Engines refuse to start while a lock file names a process that answers a signal (PostgreSQL: {@code
     * postmaster.pid} in the data directory and a {@code .lock} beside its socket), and a killed process that nobody
     * collected yet still does: a zombie, since after a restart of the control plane its parent is init, which on some
     * machines never reaps. Once none of the member's processes runs, such a lock protects nothing.
     */
    private static void removeStaleLocks(MemberContext member) {
        List<Path> locks = new ArrayList<>();
        locks.add(member.layout().data().resolve("postmaster.pid"));
        try (var entries = Files.list(member.layout().run())) {
            entries.filter(path -> path.getFileName().toString().endsWith(".lock"))
                    .forEach(locks::add);
        } catch (IOException e) {
            // No run directory yet: nothing locked there.
        }
        for (Path lock : locks) {
            try {
                if (!Files.exists(lock)) {
                    continue;
                }
                String first = Files.readAllLines(lock, StandardCharsets.UTF_8).stream()
                        .findFirst()
                        .orElse("")
                        .strip();
                if (first.matches("-?[0-9]+")
                        && ProcessHandle.of(Math.abs(Long.parseLong(first)))
                                .map(process -> !PidFile.running(process))
                                .orElse(true)) {
                    Files.delete(lock);
                    LOG.info(
                            "cluster={} member={} removed {}: its process {} is gone",
                            member.identity().cluster(),
                            member.name(),
                            lock.getFileName(),
                            first);
                }
            } catch (IOException | RuntimeException e) {
                LOG.debug(
                        "cluster={} member={} could not check {}",
                        member.identity().cluster(),
                        member.name(),
                        lock,
                        e);
            }
        }
    }

    private static void killAll(
            MemberContext member, MemberProcesses processes, OptionalLong first, String consequence) {
        // A dying process lets go of its working directory before it turns into a zombie, so a scan by directory
        // says "gone" while it still exits (its shared memory perhaps still attached): wait for every process ever
        // found, the first one included, to be dead or a zombie, so that observe() no longer reports it running and a
        // new start finds nothing of it.
        Set<Long> found = new HashSet<>();
        first.ifPresent(found::add);
        boolean gone = Poll.until(
                () -> {
                    found.addAll(processes.kill(first));
                    return processes.pids().isEmpty() && found.stream().noneMatch(pid -> running(OptionalLong.of(pid)));
                },
                Duration.ofSeconds(10),
                Duration.ofMillis(2));
        if (!gone) {
            throw new RuntimeFailure("processes " + processes.pids() + " of " + member.name()
                    + " survived SIGKILL for 10 s; " + consequence);
        }
    }

    private static boolean running(OptionalLong pid) {
        return pid.isPresent()
                && ProcessHandle.of(pid.getAsLong()).map(PidFile::running).orElse(false);
    }

    private OptionalLong livePid(MemberContext member) {
        return PidFile.read(pidFile(member.layout()))
                .flatMap(PidFile::live)
                .map(handle -> OptionalLong.of(handle.pid()))
                .orElse(OptionalLong.empty());
    }

    private static void signal(long pid, String signal) {
        EngineUser.CommandOutput result = EngineUser.runCommand(List.of("kill", "-s", signal, Long.toString(pid)));
        if (result.exitCode() != 0
                && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            throw new RuntimeFailure("cannot send " + signal + " to process " + pid + ": "
                    + result.output().strip());
        }
    }

    @Override
    public void removeStorage(MemberIdentity member) {
        children.remove(member.name());
        LocalHost.deleteTree(layout(member).root());
    }

    @Override
    public void removeCluster(String cluster) {
        LocalHost.deleteTree(clusterDirectory(cluster));
    }

    @Override
    public String logs(MemberIdentity member, int lines) {
        Path log = layout(member).log();
        if (!Files.exists(log)) {
            return "";
        }
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size())) + "\n";
        } catch (IOException e) {
            throw new RuntimeFailure("cannot read " + log + ": " + e.getMessage(), e);
        }
    }

    private void ensureClusterDirectory(String cluster) {
        try {
            Path directory = clusterDirectory(cluster);
            if (!Files.isDirectory(directory)) {
                Files.createDirectories(directory);
                Files.setPosixFilePermissions(
                        directory, java.nio.file.attribute.PosixFilePermissions.fromString("rwx--x--x"));
            }
        } catch (IOException e) {
            throw new RuntimeFailure("cannot create the directory of cluster " + cluster + ": " + e.getMessage(), e);
        }
    }

    private void prepareDirectories(MemberLayout layout, LocalHost host) {
        ensureClusterDirectory(layout.root().getParent().getFileName().toString());
        host.createDirectory(layout.root(), "rwx------");
        host.createDirectory(layout.config(), "rwx------");
        host.createDirectory(layout.run(), "rwx------");
        host.createDirectory(layout.log().getParent(), "rwx------");
    }

    private static Path pidFile(MemberLayout layout) {
        return layout.root().resolve("member.pid");
    }

    private static void appendLog(MemberLayout layout, String line) throws IOException {
        Files.writeString(
                layout.log(),
                line,
                StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
    }

    private static String lastLogLine(MemberLayout layout) {
        try {
            List<String> lines = Files.readAllLines(layout.log(), StandardCharsets.UTF_8);
            for (int i = lines.size() - 1; i >= 0; i--) {
                // A rewind's crash recovery runs PostgreSQL in single-user mode, which leaves its "backend>" prompts
                // in the log: they say nothing about why the member stopped.
                String line = lines.get(i).replace("backend>", "").strip();
                if (!line.isEmpty()) {
                    return "; last log line: " + line;
                }
            }
        } catch (IOException e) {
            return "";
        }
        return "";
    }
}
