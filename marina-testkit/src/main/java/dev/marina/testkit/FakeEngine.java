package dev.marina.testkit;

import static java.util.Objects.requireNonNull;

import dev.marina.api.ComponentSpec;
import dev.marina.api.EngineDescription;
import dev.marina.api.EngineDescription.ComponentDescription;
import dev.marina.api.http.ConnectionInfo;
import dev.marina.control.engine.Engine;
import dev.marina.control.engine.MemberAgent;
import dev.marina.control.engine.MemberHost;
import dev.marina.control.engine.MemberPlan;
import dev.marina.control.engine.MemberPlan.PlannedFile;
import dev.marina.control.engine.RoleReport;
import dev.marina.control.engine.Topology;
import dev.marina.control.member.MemberContext;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * An engine shaped like PostgreSQL with streaming replication, with its data in memory. The member that was
 * initialized first (or promoted last) is the primary and accepts writes; a member cloned from it is a replica that
 * streams from it while both run. A test moves the write position, holds a replica back, promotes a member, makes a
 * member stop answering, or makes the next call of an action fail.
 *
 * <p>{@link #render} is pure and small: one configuration file naming the member's role, the primary and the
 * synchronous standbys (so a topology change changes the plan's hash), the component's settings, a secret file, and a
 * {@code standby.signal} that a primary must not have. Every action is recorded in {@link #calls()}. Thread-safe.
 */
public final class FakeEngine implements Engine {

    public static final String NAME = "fake";
    public static final String COMPONENT = "db";
    public static final String PORT = "db";
    public static final String SUPERUSER = "superuser";
    public static final String APPLICATION = "application";
    public static final String CONFIG_FILE = "fake.conf";
    public static final String PASSWORD_FILE = "password";
    public static final String STANDBY_SIGNAL = "standby.signal";
    /** Settings Marina manages itself; a spec may not set them. */
    public static final Set<String> MANAGED_SETTINGS = Set.of("port", "primary", "synchronous_standbys");
    /** Where a new data set starts writing. */
    public static final long INITIAL_POSITION = 1000;

    private static final EngineDescription DESCRIPTION = new EngineDescription(
            NAME, List.of("1", "2"), Map.of(COMPONENT, new ComponentDescription(true, 1, 9, 3, MANAGED_SETTINGS)));

    /** One recorded action: its name and the members it was about, the acting member first. */
    public record Call(String name, List<String> members) {

        public Call {
            requireNonNull(name, "name is null");
            members = List.copyOf(members);
        }

        @Override
        public String toString() {
            return name + members;
        }
    }

    /**
     * A member's data set: a serial number unique to this copy, the member whose initialization it descends from, the
     * epoch it was on when it was made, and whether its history forked from the primary's (it was the primary when
     * another member was promoted): a forked data set cannot follow the primary until it is rewound.
     */
    public record DataSet(long serial, String lineage, long epoch, boolean forked) {

        public DataSet(long serial, String lineage, long epoch) {
            this(serial, lineage, epoch, false);
        }
    }

    /** Who writes in a cluster, on which epoch, and how far. */
    private static final class ClusterState {
        String primary;
        long epoch;
        long writePosition;
    }

    private final Object lock = new Object();
    private final Map<String, DataSet> dataSets = new HashMap<>();
    private final Map<String, ClusterState> clusters = new HashMap<>();
    private final Map<String, Long> heldReplay = new HashMap<>();
    private final Set<String> notStreaming = new HashSet<>();
    private final Set<String> silent = new HashSet<>();
    private final Map<String, Deque<String>> failures = new HashMap<>();
    private final List<Call> calls = new ArrayList<>();
    private List<String> restartPending = List.of();
    private final Map<String, List<String>> pendingByMember = new HashMap<>();
    private boolean lowering;
    private long lastSerial;
    private volatile Predicate<String> running = member -> true;

    @Override
    public EngineDescription description() {
        return DESCRIPTION;
    }

    @Override
    public List<String> credentialNames() {
        return List.of(SUPERUSER, APPLICATION);
    }

    @Override
    public List<String> portNames(String component) {
        return List.of(PORT);
    }

    @Override
    public MemberPlan render(MemberContext member, Topology topology) {
        boolean primary = topology.isPrimary(member) || topology.primary().isEmpty();
        var config = member.layout().config();
        String standbySignal = member.layout().data().resolve(STANDBY_SIGNAL).toString();
        StringBuilder text = new StringBuilder();
        text.append("member = ").append(member.name()).append('\n');
        text.append("version = ").append(member.spec().version()).append('\n');
        text.append("port = ").append(member.endpoint().port(PORT)).append('\n');
        text.append("role = ").append(primary ? "primary" : "replica").append('\n');
        text.append("primary = ")
                .append(topology.primary().map(MemberContext::name).orElse(""))
                .append('\n');
        text.append("synchronous = ").append(topology.synchronous()).append('\n');
        text.append("synchronous_standbys = ")
                .append(String.join(",", topology.synchronousStandbys()))
                .append('\n');
        ComponentSpec component =
                member.spec().components().get(member.identity().component());
        if (component != null) {
            // ComponentSpec keeps its settings sorted, so equal settings render equal text.
            component
                    .config()
                    .forEach((key, value) ->
                            text.append(key).append(" = ").append(value).append('\n'));
        }
        Map<String, PlannedFile> files = new LinkedHashMap<>();
        files.put(config.resolve(CONFIG_FILE).toString(), new PlannedFile(text.toString(), false));
        files.put(
                config.resolve(PASSWORD_FILE).toString(),
                new PlannedFile(member.credentials().password(SUPERUSER), true));
        if (!primary) {
            files.put(standbySignal, new PlannedFile("", false));
        }
        return new MemberPlan(
                List.of(
                        "fakedb",
                        "--config",
                        config.resolve(CONFIG_FILE).toString(),
                        "--data",
                        member.layout().data().toString()),
                Map.of("FAKEDB_MEMBER", member.name()),
                files,
                primary ? List.of(standbySignal) : List.of(),
                "TERM");
    }

    @Override
    public MemberAgent agent(MemberContext member, MemberHost host) {
        requireNonNull(member, "member is null");
        requireNonNull(host, "host is null");
        return new Agent(member, host);
    }

    @Override
    public Optional<RoleReport> probe(MemberContext member) {
        String cluster = member.identity().cluster();
        // Ask the liveness predicate outside the lock: it may call into a runtime that calls back into this engine.
        String primaryName;
        synchronized (lock) {
            ClusterState state = clusters.get(cluster);
            primaryName = state == null ? null : state.primary;
        }
        boolean alive = running.test(member.name());
        boolean primaryAlive = primaryName != null && running.test(primaryName);
        synchronized (lock) {
            DataSet data = dataSets.get(member.name());
            ClusterState state = clusters.get(cluster);
            if (!alive || data == null || silent.contains(member.name()) || state == null) {
                return Optional.empty();
            }
            if (member.name().equals(state.primary)) {
                return Optional.of(
                        new RoleReport("primary", true, state.epoch, state.writePosition, state.writePosition, false));
            }
            DataSet primaryData = state.primary == null ? null : dataSets.get(state.primary);
            boolean sameLineage = primaryData != null && primaryData.lineage().equals(data.lineage()) && !data.forked();
            boolean streaming = sameLineage && primaryAlive && !notStreaming.contains(member.name());
            long replay = heldReplay.getOrDefault(member.name(), sameLineage ? state.writePosition : 0L);
            long epoch = sameLineage ? state.epoch : data.epoch();
            return Optional.of(new RoleReport("replica", false, epoch, replay, replay, streaming));
        }
    }

    @Override
    public void initializeCluster(MemberContext primary) {
        act("initializeCluster", primary.name());
    }

    @Override
    public void prepareReplica(MemberContext primary, MemberContext replica) {
        act("prepareReplica", primary.name(), replica.name());
    }

    @Override
    public void forgetReplica(MemberContext primary, String replicaName) {
        act("forgetReplica", primary.name(), replicaName);
    }

    @Override
    public List<String> reload(MemberContext member) {
        act("reload", member.name());
        synchronized (lock) {
            if (!restartPending.isEmpty()) {
                pendingByMember.put(member.name(), restartPending);
            }
            return restartPending;
        }
    }

    @Override
    public List<String> pendingRestart(MemberContext member) {
        act("pendingRestart", member.name());
        synchronized (lock) {
            return pendingByMember.getOrDefault(member.name(), List.of());
        }
    }

    @Override
    public boolean lowersWhatReplicasNeed(MemberContext primary) {
        synchronized (lock) {
            return lowering && pendingByMember.containsKey(primary.name());
        }
    }

    /** Whether the settings pending a restart lower one replicas need at least as high as their primary. */
    public void lowering(boolean lowers) {
        synchronized (lock) {
            lowering = lowers;
        }
    }

    /** The settings {@code member} was given that wait for its restart. */
    public List<String> pendingRestartOf(String member) {
        synchronized (lock) {
            return pendingByMember.getOrDefault(member, List.of());
        }
    }

    /** {@code member} started again: it applies every setting it was given (wire to a runtime's start listener). */
    public void restarted(String member) {
        synchronized (lock) {
            pendingByMember.remove(member);
        }
    }

    @Override
    public ConnectionInfo connection(
            String cluster, List<MemberContext> candidates, boolean readOnly, boolean direct, Optional<String> caFile) {
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("cluster " + cluster + " has no members to connect to");
        }
        String password = candidates.get(0).credentials().password(APPLICATION);
        List<String> hosts = candidates.stream()
                .map(member -> member.endpoint().address(PORT))
                .toList();
        String url = "fakedb://app@" + String.join(",", hosts) + "/app?readOnly=" + readOnly;
        return new ConnectionInfo(
                cluster, url, hosts, "app", password, "app", readOnly, List.of("fakedb-client", url), null);
    }

    // What a test can do to the engine.

    /** Restricts probes to members for which {@code isRunning} holds, e.g. a {@link FakeRuntime}'s processes. */
    public void answersOnlyWhen(Predicate<String> isRunning) {
        running = requireNonNull(isRunning, "isRunning is null");
    }

    /**
     * Makes {@code member} the writable primary of its cluster on a new epoch, as a failover by somebody else would.
     * The old primary's data set forks: it must be rewound before it can follow.
     */
    public void promote(String cluster, String member) {
        synchronized (lock) {
            if (!dataSets.containsKey(member)) {
                throw new IllegalStateException(member + " has no data to promote");
            }
            ClusterState state = clusters.computeIfAbsent(cluster, name -> new ClusterState());
            if (member.equals(state.primary)) {
                return;
            }
            if (state.primary != null && dataSets.containsKey(state.primary)) {
                DataSet old = dataSets.get(state.primary);
                dataSets.put(state.primary, new DataSet(old.serial(), old.lineage(), old.epoch(), true));
            }
            state.primary = member;
            state.epoch++;
            DataSet data = dataSets.get(member);
            // The old primary's history is the new primary's past: replicas of the same lineage follow it.
            dataSets.put(member, new DataSet(data.serial(), data.lineage(), state.epoch));
        }
    }

    @Override
    public void promote(MemberContext member) {
        act("promote", member.name());
        promote(member.identity().cluster(), member.name());
    }

    /** The primary writes {@code bytes} more; replicas that are not held back follow at once. */
    public void advance(String cluster, long bytes) {
        synchronized (lock) {
            ClusterState state = clusters.get(cluster);
            if (state == null) {
                throw new IllegalStateException("cluster " + cluster + " has no data set");
            }
            state.writePosition += bytes;
        }
    }

    /** Keeps {@code member}'s replay position at {@code position} until {@link #release}. */
    public void holdReplay(String member, long position) {
        synchronized (lock) {
            heldReplay.put(member, position);
        }
    }

    public void release(String member) {
        synchronized (lock) {
            heldReplay.remove(member);
        }
    }

    /** Whether {@code member} reports that it streams from its primary (by default it does while both run). */
    public void streaming(String member, boolean streams) {
        synchronized (lock) {
            if (streams) {
                notStreaming.remove(member);
            } else {
                notStreaming.add(member);
            }
        }
    }

    /** Whether {@code member} answers probes at all (a process that runs but hangs does not). */
    public void answering(String member, boolean answers) {
        synchronized (lock) {
            if (answers) {
                silent.remove(member);
            } else {
                silent.add(member);
            }
        }
    }

    /** The settings {@link #reload} reports as needing a restart, from now on. */
    public void restartPending(List<String> settings) {
        synchronized (lock) {
            restartPending = List.copyOf(settings);
        }
    }

    /**
     * Makes the next call of {@code action} (a {@link Call} name such as {@code initializeCluster} or {@code
     * cloneFrom}) throw with {@code message}; each call to this method fails one more call.
     */
    public void failNext(String action, String message) {
        synchronized (lock) {
            failures.computeIfAbsent(action, name -> new ArrayDeque<>()).add(message);
        }
    }

    /** Forgets a member's data, as when its storage is removed. */
    public void dropData(String member) {
        synchronized (lock) {
            dataSets.remove(member);
        }
    }

    // What a test can look at.

    public Optional<DataSet> dataSet(String member) {
        synchronized (lock) {
            return Optional.ofNullable(dataSets.get(member));
        }
    }

    public Optional<String> primary(String cluster) {
        synchronized (lock) {
            return Optional.ofNullable(clusters.get(cluster)).map(state -> state.primary);
        }
    }

    public long writePosition(String cluster) {
        synchronized (lock) {
            ClusterState state = clusters.get(cluster);
            return state == null ? 0 : state.writePosition;
        }
    }

    /**
     * Every action so far, in order: agent actions, promote, initializeCluster, prepareReplica, forgetReplica, reload.
     */
    public List<Call> calls() {
        synchronized (lock) {
            return List.copyOf(calls);
        }
    }

    public List<Call> calls(String action) {
        return calls().stream().filter(call -> call.name().equals(action)).toList();
    }

    public void clearCalls() {
        synchronized (lock) {
            calls.clear();
        }
    }

    /** Records a call, then throws if the test asked this action to fail. */
    private void act(String action, String... members) {
        synchronized (lock) {
            calls.add(new Call(action, List.of(members)));
            Deque<String> pending = failures.get(action);
            String failure = pending == null ? null : pending.poll();
            if (failure != null) {
                throw new IllegalStateException(failure);
            }
        }
    }

    /** Acts on one member's data set; records what it did on the engine and the host. */
    private final class Agent implements MemberAgent {

        private final MemberContext member;
        private final MemberHost host;

        Agent(MemberContext member, MemberHost host) {
            this.member = member;
            this.host = host;
        }

        @Override
        public boolean hasData() {
            synchronized (lock) {
                return dataSets.containsKey(member.name());
            }
        }

        @Override
        public void initialize() {
            act("initialize", member.name());
            synchronized (lock) {
                if (dataSets.containsKey(member.name())) {
                    return;
                }
                ClusterState state = clusters.computeIfAbsent(member.identity().cluster(), name -> new ClusterState());
                if (state.primary == null || !dataSets.containsKey(state.primary)) {
                    state.primary = member.name();
                    state.epoch = Math.max(1, state.epoch);
                    state.writePosition = Math.max(INITIAL_POSITION, state.writePosition);
                }
                dataSets.put(member.name(), new DataSet(++lastSerial, member.name(), state.epoch));
            }
            host.createDirectory(member.layout().data(), "rwx------");
        }

        @Override
        public void cloneFrom(MemberContext source) {
            act("cloneFrom", member.name(), source.name());
            synchronized (lock) {
                DataSet original = dataSets.get(source.name());
                if (original == null) {
                    throw new IllegalStateException(
                            "cannot clone " + member.name() + " from " + source.name() + ": the source has no data");
                }
                dataSets.put(member.name(), new DataSet(++lastSerial, original.lineage(), original.epoch()));
            }
            host.createDirectory(member.layout().data(), "rwx------");
        }

        @Override
        public void rewindFrom(MemberContext source) {
            act("rewindFrom", member.name(), source.name());
            synchronized (lock) {
                DataSet data = dataSets.get(member.name());
                DataSet original = dataSets.get(source.name());
                if (data == null || original == null) {
                    throw new IllegalStateException("cannot rewind " + member.name() + " from " + source.name() + ": "
                            + (data == null ? member.name() : source.name()) + " has no data");
                }
                if (!data.lineage().equals(original.lineage())) {
                    throw new IllegalStateException("cannot rewind " + member.name() + " from " + source.name()
                            + ": their data sets share no history");
                }
                dataSets.put(member.name(), new DataSet(data.serial(), data.lineage(), original.epoch()));
            }
        }

        @Override
        public java.util.OptionalLong stoppedPosition() {
            // A stopped primary's last write is one byte before the position replicas that followed it report.
            boolean alive = running.test(member.name());
            synchronized (lock) {
                ClusterState state = clusters.get(member.identity().cluster());
                if (alive || state == null || !member.name().equals(state.primary)) {
                    return java.util.OptionalLong.empty();
                }
                return java.util.OptionalLong.of(state.writePosition - 1);
            }
        }

        @Override
        public void wipe() {
            act("wipe", member.name());
            synchronized (lock) {
                dataSets.remove(member.name());
            }
            host.delete(member.layout().data());
        }
    }
}
