package dev.marina.engine.postgresql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.marina.api.AvailabilitySpec;
import dev.marina.api.ClusterSpec;
import dev.marina.api.ComponentSpec;
import dev.marina.control.engine.MemberAgent;
import dev.marina.control.engine.MemberPlan;
import dev.marina.control.engine.Topology;
import dev.marina.control.member.CredentialGenerator;
import dev.marina.control.member.Credentials;
import dev.marina.control.member.Endpoint;
import dev.marina.control.member.MemberContext;
import dev.marina.control.member.MemberIdentity;
import dev.marina.control.runtime.ProcessState;
import dev.marina.runtime.local.EngineUser;
import dev.marina.runtime.local.LocalRuntime;
import dev.marina.runtime.local.PortAllocator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;

/**
 * A synchronous PostgreSQL 15 cluster of real processes, run by the local runtime under a temporary MARINA_HOME, and
 * driven through the engine and runtime SPIs the way the reconciler drives them, but step by step. Closing it stops
 * every member, kills whatever still runs under its home, and deletes the home.
 */
public final class LocalCluster implements AutoCloseable {

    // Below Linux's ephemeral ports, and away from the server's default range (20000-29999) other work uses.
    private static final int FIRST_PORT = 30000;
    private static final int LAST_PORT = 32767;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final Path home;
    private final LocalRuntime runtime;
    private final PostgresEngine engine;
    private final List<MemberContext> members;

    private LocalCluster(Path home, LocalRuntime runtime, PostgresEngine engine, List<MemberContext> members) {
        this.home = home;
        this.runtime = runtime;
        this.engine = engine;
        this.members = List.copyOf(members);
    }

    /**
     * A cluster of {@code size} members, none of them created yet. Its name carries a random part, so its ports (derived
     * from member names) and its home differ from those of any other test run.
     */
    public static LocalCluster create(String purpose, int size) throws IOException {
        String suffix = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt(), 6);
        // Short: a member's socket path must stay within 107 bytes, and a long temporary name takes them all.
        // Searchable by all: the engine user must traverse the home to reach its member directories.
        Path home = Files.createDirectory(
                Path.of("/tmp", "mp-" + suffix),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx--x--x"));
        LocalRuntime runtime = new LocalRuntime(
                home, EngineUser.detect(null), new PortAllocator(FIRST_PORT, LAST_PORT), Duration.ofSeconds(10));
        PostgresEngine engine = new PostgresEngine(new PostgresInstallation(null));
        String name = purpose + "-"
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt(), 6);
        ClusterSpec spec = new ClusterSpec(
                PostgresEngine.NAME,
                "15",
                Map.of(PostgresEngine.COMPONENT, new ComponentSpec(size, Map.of(), null, null)),
                new AvailabilitySpec(true, "automatic", null, null, null),
                false);
        Credentials credentials = new Credentials(Map.of(
                PostgresEngine.SUPERUSER,
                CredentialGenerator.password(),
                PostgresEngine.REPLICATION,
                CredentialGenerator.password(),
                PostgresEngine.APPLICATION,
                CredentialGenerator.password()));
        List<MemberContext> members = new ArrayList<>();
        Set<Integer> reserved = new HashSet<>();
        for (int ordinal = 0; ordinal < size; ordinal++) {
            MemberIdentity identity = new MemberIdentity(name, PostgresEngine.COMPONENT, ordinal);
            Map<String, Integer> ports =
                    runtime.allocatePorts(identity, engine.portNames(PostgresEngine.COMPONENT), reserved);
            reserved.addAll(ports.values());
            members.add(new MemberContext(
                    spec,
                    identity,
                    new Endpoint(runtime.host(identity), ports),
                    runtime.layout(identity),
                    credentials));
        }
        return new LocalCluster(home, runtime, engine, members);
    }

    public MemberContext member(int ordinal) {
        return members.get(ordinal);
    }

    public List<MemberContext> members() {
        return members;
    }

    public LocalRuntime runtime() {
        return runtime;
    }

    public PostgresEngine engine() {
        return engine;
    }

    public MemberAgent agent(MemberContext member) {
        return runtime.agent(engine, member);
    }

    public static Topology topology(MemberContext primary, MemberContext... synchronousStandbys) {
        return new Topology(
                Optional.of(primary),
                Arrays.stream(synchronousStandbys).map(MemberContext::name).toList(),
                true);
    }

    /** As the reconciler's bootstrap: initdb, start alone, wait for writes, create the users. */
    public void bootstrap(MemberContext primary) {
        agent(primary).initialize();
        start(primary, topology(primary));
        awaitMember(primary, "accepts writes", () -> MemberSql.writable(primary));
        engine.initializeCluster(primary);
    }

    /** As the reconciler's clone: a slot on the source, pg_basebackup, start as a replica of the topology's primary. */
    public void cloneReplica(MemberContext replica, MemberContext source, Topology topology) {
        engine.prepareReplica(source, replica);
        agent(replica).cloneFrom(source);
        start(replica, topology);
    }

    public ProcessState start(MemberContext member, Topology topology) {
        return runtime.start(member, engine.render(member, topology));
    }

    /** As the reconciler's reconfigure: new files, then a reload; nothing may wait for a restart. */
    public void reconfigure(MemberContext member, Topology topology) {
        MemberPlan plan = engine.render(member, topology);
        runtime.writeFiles(member, plan);
        assertThat(engine.reload(member))
                .as("settings of %s that need a restart", member.name())
                .isEmpty();
    }

    public void stop(MemberContext member) {
        runtime.stop(member, engine.render(member, new Topology(Optional.empty(), List.of(), true)));
    }

    /** The postmaster's pid, which is also its process group (members run in their own session). */
    public long pid(MemberContext member) {
        ProcessState state = runtime.observe(member);
        assertThat(state.running()).as("%s runs", member.name()).isTrue();
        return state.pid();
    }

    /** Waits until the replica's WAL receiver streams from {@code primary} on {@code timeline}. */
    public void awaitStreaming(MemberContext replica, MemberContext primary, long timeline) {
        awaitMember(
                replica,
                "streams from " + primary.name() + " on timeline " + timeline,
                () -> MemberSql.walReceiver(replica)
                        .map(receiver -> receiver.streamsFrom(primary, timeline))
                        .orElse(false));
    }

    /** Waits until the replica has replayed everything the primary has written so far. */
    public void awaitCaughtUp(MemberContext replica, MemberContext primary) {
        String position = MemberSql.currentPosition(primary);
        awaitMember(replica, "replays up to " + position, () -> MemberSql.replayed(replica, position));
    }

    /**
     * Waits for a condition on a running member; fails at once when the member's process ends, and with the end of
     * its log either way, since that says why.
     */
    public void awaitMember(MemberContext member, String condition, Callable<Boolean> check) {
        try {
            await(member.name() + " " + condition)
                    .atMost(START_TIMEOUT)
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(10))
                    .failFast(
                            member.name() + " stopped",
                            () -> !runtime.observe(member).running())
                    .until(check);
        } catch (ConditionTimeoutException | TerminalFailureException e) {
            throw new AssertionError(
                    e.getMessage() + "\nlast lines of its log:\n" + runtime.logs(member.identity(), 30), e);
        }
    }

    /** Every member that answers as a primary: at any moment there must be at most one. */
    public List<String> writableMembers() {
        return members.stream()
                .filter(member -> runtime.observe(member).running())
                .filter(MemberSql::writable)
                .map(MemberContext::name)
                .toList();
    }

    @Override
    public void close() throws IOException {
        engine.close();
        for (MemberContext member : members) {
            // A clean stop lets the postmaster reap its children; a frozen member would only make it wait.
            boolean frozen = ProcessTable.ofMember(member.layout().root(), member.name()).stream()
                    .anyMatch(process -> process.state() == 'T');
            if (!frozen) {
                stop(member);
            }
        }
        ProcessTable.under(home)
                .forEach(process -> ProcessHandle.of(process.pid()).ifPresent(ProcessHandle::destroyForcibly));
        await("every process under " + home + " ends")
                .atMost(Duration.ofSeconds(10))
                .until(() -> ProcessTable.under(home).isEmpty());
        try (Stream<Path> paths = Files.walk(home)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
