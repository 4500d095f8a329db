package dev.marina.operator.runtime;

import static java.util.Objects.requireNonNull;

import dev.marina.api.DatabaseCluster;
import dev.marina.control.engine.Engine;
import dev.marina.control.engine.MemberAgent;
import dev.marina.control.engine.MemberPlan;
import dev.marina.control.engine.Topology;
import dev.marina.control.member.MemberContext;
import dev.marina.control.member.MemberIdentity;
import dev.marina.control.member.MemberLayout;
import dev.marina.control.runtime.MemberRuntime;
import dev.marina.control.runtime.ProcessState;
import dev.marina.control.runtime.RuntimeFailure;
import dev.marina.control.store.ClusterStore;
import dev.marina.control.store.StoredCluster;
import dev.marina.operator.agent.EngineState;
import dev.marina.operator.agent.PodAgentClient;
import dev.marina.operator.agent.RemoteMemberAgent;
import dev.marina.operator.render.ClusterOwner;
import dev.marina.operator.render.ClusterSecretsRenderer;
import dev.marina.operator.render.KubernetesLayout;
import dev.marina.operator.render.KubernetesPorts;
import dev.marina.operator.render.KubernetesSettings;
import dev.marina.operator.render.MemberObjects;
import dev.marina.operator.render.RevisionHash;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control core's runtime on Kubernetes, in one namespace: a member is a pod with its own volume claim, ConfigMap and
 * Secret (rendered by {@link MemberObjects}), and every process action goes to the agent in the pod ({@link
 * PodAgentClient}).
 *
 * <table>
 *   <caption>How the runtime's calls map onto Kubernetes</caption>
 *   <tr><th>call</th><th>on Kubernetes</th></tr>
 *   <tr><td>layout, host, ports</td><td>the render package's conventions: one layout for every pod, the member's stable
 *       DNS name, fixed ports per component (every pod has its own address)</td></tr>
 *   <tr><td>agent</td><td>the pod's agent over HTTP; the pod is created first when it does not exist</td></tr>
 *   <tr><td>observe</td><td>the pod's phase, then the agent's engine state (PUT /member once per pod, so that the
 *       pod's readiness probe knows its member)</td></tr>
 *   <tr><td>start</td><td>claim, ConfigMap and Secret from the plan, pod created when missing, then the agent starts
 *       the engine</td></tr>
 *   <tr><td>writeFiles</td><td>ConfigMap and Secret rewritten, the files PUT to a running agent</td></tr>
 *   <tr><td>stop</td><td>the agent stops the engine; the pod stays</td></tr>
 *   <tr><td>fence</td><td>role label removed, the agent kills the engine; if it does not answer, the pod is deleted
 *       with grace period 0</td></tr>
 *   <tr><td>removeStorage</td><td>pod, claim, ConfigMap and Secret deleted</td></tr>
 * </table>
 *
 * <p>Roles are not the runtime's: {@link RoleLabels} writes them onto the pods after each pass of the control core.
 */
public final class KubernetesRuntime implements MemberRuntime {

    public static final String NAME = "kubernetes";

    private static final Logger LOG = LoggerFactory.getLogger(KubernetesRuntime.class);

    /** The pod's own termination grace: the engine's stop gets as long as the kubelet would give it. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(60);

    private final ClusterStore store;
    private final String namespace;
    private final Function<String, Engine> engines;
    private final KubernetesSettings settings;
    private final AgentAddresses addresses;
    private final HttpClient http;
    private final Duration podTimeout;
    private final MemberPods pods;
    private final RoleLabelWriter roleLabels;
    private final AgentTokens tokens;
    /** The pod uid each member's agent was last told its member in: a new pod is told again. */
    private final Map<String, String> described = new ConcurrentHashMap<>();

    /**
     * @param addresses where each member's agent answers ({@link AgentAddresses#dns} in a cluster)
     * @param podTimeout how long to wait for a new pod to run and its agent to answer
     * @param cache the namespace's pods and claims, shared with {@link RoleLabels}; the caller closes it
     * @param owned the namespace's ConfigMaps and Secrets the operator made (the members' files among them), shared
     *     with the controller; the caller closes it
     */
    public KubernetesRuntime(
            KubernetesClient client,
            ClusterStore store,
            String namespace,
            Function<String, Engine> engines,
            KubernetesSettings settings,
            AgentAddresses addresses,
            HttpClient http,
            Duration podTimeout,
            PodCache cache,
            OwnedObjects owned) {
        requireNonNull(client, "client is null");
        this.store = requireNonNull(store, "store is null");
        this.namespace = requireNonNull(namespace, "namespace is null");
        this.engines = requireNonNull(engines, "engines is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.addresses = requireNonNull(addresses, "addresses is null");
        this.http = requireNonNull(http, "http is null");
        this.podTimeout = requireNonNull(podTimeout, "podTimeout is null");
        requireNonNull(cache, "cache is null");
        this.pods = new MemberPods(
                client, namespace, cache, new MemberFiles(client, namespace, requireNonNull(owned, "owned is null")));
        this.roleLabels = new RoleLabelWriter(client, namespace, cache);
        this.tokens = new AgentTokens(store);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public MemberLayout layout(MemberIdentity member) {
        return KubernetesLayout.layout();
    }

    @Override
    public String host(MemberIdentity member) {
        return KubernetesLayout.host(member, namespace);
    }

    /** The names {@link dev.marina.operator.render.ClusterObjects#tlsHosts} gives, so the operator agrees. */
    @Override
    public List<String> tlsHosts(String cluster) {
        Collection<String> components = store.find(cluster)
                .map(stored -> stored.resource().spec().components().keySet())
                .orElse(java.util.Set.of());
        return KubernetesLayout.tlsHosts(cluster, namespace, components);
    }

    /** The agents' token, which every pod gets and every call to an agent carries. */
    @Override
    public List<String> credentialNames() {
        return List.of(ClusterSecretsRenderer.AGENT_TOKEN);
    }

    /** False: every pod has its own address. */
    @Override
    public boolean sharesPorts() {
        return false;
    }

    /** Fixed per component: every pod has its own address, so {@code reserved} never matters. */
    @Override
    public Map<String, Integer> allocatePorts(MemberIdentity member, List<String> names, Collection<Integer> reserved) {
        return KubernetesPorts.assign(names);
    }

    @Override
    public MemberAgent agent(Engine engine, MemberContext member) {
        requireNonNull(engine, "engine is null");
        requireNonNull(member, "member is null");
        return new PodBackedAgent(
                member,
                () -> pods.claimExists(member.identity()),
                () -> pods.pod(member.identity()).map(MemberPods::isRunning).orElse(false),
                () -> new RemoteMemberAgent(reachable(engine, member), member));
    }

    @Override
    public ProcessState observe(MemberContext member) {
        Optional<Pod> pod = pods.pod(member.identity());
        if (pod.isEmpty()) {
            return ProcessState.stopped("no pod " + member.name());
        }
        if (!MemberPods.isRunning(pod.get())) {
            // A pod being deleted may still run its engine for its grace period: ask its agent while it answers.
            if (pod.get().getMetadata().getDeletionTimestamp() == null) {
                return ProcessState.stopped("pod " + member.name() + " is " + MemberPods.phase(pod.get()));
            }
        }
        try {
            return describedState(member, pod.get()).processState(uid(pod.get()));
        } catch (RuntimeFailure e) {
            return ProcessState.stopped(e.getMessage());
        }
    }

    @Override
    public void writeFiles(MemberContext member, MemberPlan plan) {
        requireNonNull(plan, "plan is null");
        Engine engine = engineOf(member);
        pods.writeFiles(objects(engine, member, plan));
        Optional<Pod> pod = pods.pod(member.identity());
        if (pod.isPresent() && MemberPods.isRunning(pod.get())) {
            client(engine, member).writeFiles(member, plan);
        }
    }

    @Override
    public ProcessState start(MemberContext member, MemberPlan plan) {
        requireNonNull(plan, "plan is null");
        Engine engine = engineOf(member);
        if (pods.ensure(member.identity(), objects(engine, member, plan), true, podTimeout)) {
            described.remove(member.name());
        }
        PodAgentClient client = awaitAgent(engine, member);
        String uid = pods.pod(member.identity()).map(KubernetesRuntime::uid).orElse("");
        return client.start(member, plan).processState(uid);
    }

    /**
     * The pod, when the spec it was made from changed (the version, the component's resources): a restart replaces it
     * ({@link #start}). Only the spec counts ({@link RevisionHash#SPEC_ANNOTATION}), not how this operator renders it,
     * so a newer operator that renders pods differently restarts no database; a pod without the annotation (made by an
     * older operator) counts as current.
     */
    @Override
    public List<String> pendingReplacement(MemberContext member) {
        Optional<Pod> pod = pods.pod(member.identity());
        if (pod.isEmpty() || !MemberPods.isRunning(pod.get())) {
            return List.of();
        }
        Map<String, String> annotations = pod.get().getMetadata().getAnnotations();
        String current = annotations == null ? null : annotations.get(RevisionHash.SPEC_ANNOTATION);
        String desired = RevisionHash.ofSpec(member.spec(), member.identity().component());
        return current == null || desired.equals(current) ? List.of() : List.of("the version or resources of its pod");
    }

    @Override
    public void stop(MemberContext member, MemberPlan plan) {
        requireNonNull(plan, "plan is null");
        Optional<Pod> pod = pods.pod(member.identity());
        if (pod.isEmpty() || !MemberPods.isRunning(pod.get())) {
            return;
        }
        client(engineOf(member), member).stop(plan.stopSignal(), STOP_GRACE);
    }

    /**
     * Removes the member's role label first, so that the read-write Service stops sending it new connections even if
     * the rest fails; then asks the agent to kill the engine. When the agent does not answer, deletes the pod with grace
     * period 0 and waits until the API server no longer has it.
     *
     * <p>What this cannot guarantee: a pod deleted with grace period 0 is forgotten by the API server at once, without
     * its kubelet confirming that its containers stopped. On a node cut off from the API server (a network partition,
     * a hung kubelet) the engine may keep running, and clients already connected to it (or connecting by its pod
     * address) may still write to it until the kubelet hears of the deletion; the volume's ReadWriteOnce access does
     * not stop it either. Only fencing below Kubernetes (the node powered off, or marked {@code out-of-service} once it
     * is known to be down; storage that refuses the old attachment) makes that certain. The control core's gate against
     * acknowledged writes lost on that side is synchronous replication: a fenced primary that cannot reach a
     * synchronous standby acknowledges no commit.
     */
    @Override
    public void fence(MemberContext member) {
        MemberIdentity identity = member.identity();
        roleLabels.removeRole(identity.name());
        Optional<Pod> pod = pods.podNow(identity);
        if (pod.isEmpty()) {
            return;
        }
        try {
            client(engineOf(member), member).kill();
            return;
        } catch (RuntimeFailure e) {
            LOG.warn(
                    "namespace={} member={} the agent did not kill the engine ({}); deleting the pod at once",
                    namespace,
                    identity.name(),
                    e.getMessage());
        }
        pods.deleteNow(identity);
        described.remove(identity.name());
        if (!pods.awaitGone(identity, podTimeout)) {
            throw new RuntimeFailure("cannot fence " + identity.name() + ": its agent does not answer and its pod is"
                    + " still there " + podTimeout.toSeconds() + " s after it was deleted");
        }
    }

    @Override
    public void removeStorage(MemberIdentity member) {
        pods.deleteMember(member);
        described.remove(member.name());
        if (!pods.awaitGone(member, podTimeout)) {
            throw new RuntimeFailure(
                    "pod " + member.name() + " is still there " + podTimeout.toSeconds() + " s after it was deleted");
        }
    }

    @Override
    public void removeCluster(String cluster) {
        pods.deleteCluster(cluster);
    }

    @Override
    public String logs(MemberIdentity member, int lines) {
        Optional<Pod> pod = pods.pod(member);
        if (pod.isEmpty() || !MemberPods.isRunning(pod.get())) {
            return "";
        }
        Optional<StoredCluster> cluster = store.find(member.cluster());
        if (cluster.isEmpty()) {
            return "";
        }
        Engine engine = engines.apply(cluster.get().resource().spec().engine());
        return client(engine, member.cluster(), member).logs(lines);
    }

    /**
     * The member's agent once its pod runs and the agent answers, creating the pod (with its claim and files, from a
     * plan that names no primary) when it does not exist. Files that exist are left as they are: they are the plan the
     * core last gave, which a pod created again must start with.
     */
    private PodAgentClient reachable(Engine engine, MemberContext member) {
        Optional<Pod> pod = pods.pod(member.identity());
        // A pod that is not running yet with everything it needs in place (as the informers say): rendering its
        // objects again would create nothing, and would cost a read of the cluster for the owner reference.
        if ((pod.isEmpty() || !MemberPods.isRunning(pod.get()))
                && !pods.hasAllObjects(member.identity(), holdsData(engine, member))) {
            pods.ensure(member.identity(), objects(engine, member, unknownRoles(engine, member)), false, podTimeout);
        }
        return awaitAgent(engine, member);
    }

    private static boolean holdsData(Engine engine, MemberContext member) {
        return !engine.description().isStateless(member.identity().component());
    }

    /** The member's plan with no primary named: what its pod runs does not depend on the roles. */
    private static MemberPlan unknownRoles(Engine engine, MemberContext member) {
        return engine.render(
                member,
                new Topology(
                        Optional.empty(),
                        List.of(),
                        member.spec().availabilityOrDefault().isSynchronous()));
    }

    private static String uid(Pod pod) {
        return pod.getMetadata().getUid() == null ? "" : pod.getMetadata().getUid();
    }

    private PodAgentClient awaitAgent(Engine engine, MemberContext member) {
        Pod pod = pods.awaitRunning(member.identity(), podTimeout);
        PodAgentClient client = client(engine, member);
        boolean live = dev.marina.control.Poll.until(
                () -> {
                    try {
                        return client.live();
                    } catch (RuntimeFailure e) {
                        return false;
                    }
                },
                podTimeout,
                Duration.ofMillis(100));
        if (!live) {
            throw new RuntimeFailure(
                    "the agent in pod " + member.name() + " does not answer after " + podTimeout.toSeconds() + " s");
        }
        describedState(member, pod);
        return client;
    }

    /** The engine's state; tells a new pod's agent its member first, so that its readiness probe can connect. */
    private EngineState describedState(MemberContext member, Pod pod) {
        PodAgentClient client = client(engineOf(member), member);
        String uid = uid(pod);
        if (uid.equals(described.get(member.name()))) {
            return client.state();
        }
        EngineState state = client.describe(member);
        described.put(member.name(), uid);
        return state;
    }

    private MemberObjects objects(Engine engine, MemberContext member, MemberPlan plan) {
        String cluster = member.identity().cluster();
        DatabaseCluster resource = store.find(cluster)
                .map(StoredCluster::resource)
                .orElseThrow(() -> new RuntimeFailure("cluster " + cluster + " is not in namespace " + namespace));
        return MemberObjects.render(
                member.spec().engine(),
                member,
                plan,
                holdsData(engine, member),
                namespace,
                settings,
                ClusterOwner.of(resource));
    }

    private Engine engineOf(MemberContext member) {
        return engines.apply(member.spec().engine());
    }

    private PodAgentClient client(Engine engine, MemberContext member) {
        return client(engine, member.identity().cluster(), member.identity());
    }

    private PodAgentClient client(Engine engine, String cluster, MemberIdentity member) {
        return new PodAgentClient(
                http, addresses.of(member), member.name(), tokens.of(cluster), engine.credentialNames());
    }
}
