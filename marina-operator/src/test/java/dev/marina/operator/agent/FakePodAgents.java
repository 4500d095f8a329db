package dev.marina.operator.agent;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.marina.api.yaml.Serialization;
import dev.marina.control.engine.MemberAgent;
import dev.marina.control.engine.MemberPlan;
import dev.marina.control.member.MemberContext;
import dev.marina.control.member.MemberIdentity;
import dev.marina.control.store.ClusterStore;
import dev.marina.operator.render.ClusterSecretsRenderer;
import dev.marina.operator.render.ObjectLabels;
import dev.marina.testkit.FakeEngine;
import dev.marina.testkit.FakeHost;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

/**
 * The agents of a namespace's pods, faked: one HTTP server for the namespace, each member's agent under a path of its
 * own ({@code /<member>}), speaking the agent's protocol (the real {@link AgentProtocol} paths, {@link
 * MemberContextJson}, {@link MemberPlanJson}, {@link EngineState}), with the engine a state in memory and the data
 * actions run by a {@link FakeEngine}'s own agent. It answers only while the member's pod exists and runs (as a real
 * agent, which lives in the pod); a new pod is a new agent, which waits for the operator to start the engine (as the
 * real one boots); a member whose volume claim is deleted has lost its data. Pods and claims are read from informers, not
 * with a request each, so that thousands of members (the operator benchmark) cost the API server nothing per probe.
 * Wire the engine's probe to {@link #isRunning}, so that a member reports a role only while its fake engine runs.
 */
public final class FakePodAgents implements AutoCloseable {

    private final String namespace;
    private final ClusterStore store;
    private final FakeEngine engine;
    private final HttpServer server;
    private final SharedIndexInformer<Pod> pods;
    private final SharedIndexInformer<PersistentVolumeClaim> claims;
    private final Map<String, Member> members = new ConcurrentHashMap<>();
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    /** Appended to at every request: not copied on write, which thousands of members would pay for at every one. */
    private final List<String> requests = java.util.Collections.synchronizedList(new ArrayList<>());

    public FakePodAgents(KubernetesClient client, String namespace, ClusterStore store, FakeEngine engine) {
        requireNonNull(client, "client is null");
        this.namespace = requireNonNull(namespace, "namespace is null");
        this.store = requireNonNull(store, "store is null");
        this.engine = requireNonNull(engine, "engine is null");
        this.pods = client.pods().inNamespace(namespace).inform();
        this.claims = client.persistentVolumeClaims().inNamespace(namespace).inform();
        // A member whose claim is deleted has lost its data. Told by the informer's delete, not by the claim missing
        // from its cache: a claim just created may not be there yet, and must not look like data lost.
        claims.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(PersistentVolumeClaim claim) {}

            @Override
            public void onUpdate(PersistentVolumeClaim before, PersistentVolumeClaim after) {}

            @Override
            public void onDelete(PersistentVolumeClaim claim, boolean finalStateUnknown) {
                Map<String, String> labels = claim.getMetadata().getLabels();
                String member = labels == null ? null : labels.get(ObjectLabels.MEMBER);
                if (member != null) {
                    engine.dropData(member);
                }
            }
        });
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    /** Where the agent of {@code member} answers: its path on the namespace's server. */
    public URI address(MemberIdentity member) {
        members.computeIfAbsent(member.name(), name -> new Member(member));
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/" + member.name());
    }

    /** Whether {@code member}'s engine runs: its pod runs, and the agent in that pod started the engine. */
    public boolean isRunning(String member) {
        Member agent = members.get(member);
        return agent != null && agent.running();
    }

    /** Every request answered, as {@code member METHOD path}, in order. */
    public List<String> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        pods.close();
        claims.close();
    }

    private void handle(HttpExchange exchange) {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            int slash = path.indexOf('/', 1);
            Member member = slash < 0 ? null : members.get(path.substring(1, slash));
            Reply reply;
            String agentPath = slash < 0 ? path : path.substring(slash);
            if (member == null) {
                reply = Reply.error(404, "no agent at " + path);
            } else {
                synchronized (member) {
                    reply = member.answer(exchange, agentPath);
                }
                requests.add(member.identity.name() + " " + exchange.getRequestMethod() + " " + agentPath + " "
                        + reply.status);
            }
            byte[] body = reply.body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", reply.contentType);
            exchange.sendResponseHeaders(reply.status, body.length == 0 ? -1 : body.length);
            exchange.getResponseBody().write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Optional<Pod> runningPod(String member) {
        Pod pod = pods.getStore().getByKey(namespace + "/" + member);
        if (pod == null
                || pod.getMetadata().getDeletionTimestamp() != null
                || pod.getStatus() == null
                || !"Running".equals(pod.getStatus().getPhase())) {
            return Optional.empty();
        }
        return Optional.of(pod);
    }

    /** The cluster's agent token, read once: it never changes. */
    private Optional<String> token(String cluster) {
        String known = tokens.get(cluster);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<String> stored = store.secret(cluster, ClusterSecretsRenderer.AGENT_TOKEN);
        stored.ifPresent(token -> tokens.put(cluster, token));
        return stored;
    }

    /** One member's agent and engine. */
    private final class Member {

        private final MemberIdentity identity;
        private final FakeHost host = new FakeHost();
        private String podUid = "";
        private boolean running;
        private long pid;
        private long lastPid = 100;
        private OptionalInt exitCode = OptionalInt.empty();
        private String detail = "never started";
        private final List<String> log = new ArrayList<>();

        Member(MemberIdentity identity) {
            this.identity = identity;
        }

        /** Whether the engine runs in the member's pod as it is now. */
        synchronized boolean running() {
            Optional<Pod> pod = runningPod(identity.name());
            return pod.isPresent() && sameAgent(pod.get()) && running;
        }

        /** A pod other than the one this state was kept for is a new agent: it boots as the real one does. */
        private boolean sameAgent(Pod pod) {
            return podUid.equals(pod.getMetadata().getUid());
        }

        private void boot(Pod pod) {
            podUid = pod.getMetadata().getUid();
            running = false;
            pid = 0;
            exitCode = OptionalInt.empty();
            detail = "waiting for the operator to start the engine";
        }

        private Reply answer(HttpExchange exchange, String path) throws IOException {
            Optional<Pod> pod = runningPod(identity.name());
            if (pod.isEmpty()) {
                // A real agent lives in its pod: no pod, no answer. The client reads both as a failure.
                return Reply.error(503, "no running pod " + identity.name());
            }
            if (!sameAgent(pod.get())) {
                boot(pod.get());
            }
            if (path.equals(AgentProtocol.LIVE)) {
                return Reply.json(200, object().put("alive", true));
            }
            if (path.equals(AgentProtocol.READY)) {
                return running ? Reply.json(200, object().put("ready", true)) : Reply.error(503, "not running");
            }
            String cluster = pod.get().getMetadata().getLabels().get(ObjectLabels.CLUSTER);
            Optional<String> token = token(cluster);
            if (token.isEmpty()
                    || !new BearerToken(token.get())
                            .accepts(exchange.getRequestHeaders().getFirst("Authorization"))) {
                return Reply.error(401, "a bearer token is missing or wrong");
            }
            JsonNode body = body(exchange);
            switch (path) {
                case AgentProtocol.ENGINE -> {
                    return state();
                }
                case AgentProtocol.MEMBER -> {
                    if (ownMember(body, AgentProtocol.MEMBER_FIELD) == null) {
                        return Reply.error(409, "not this pod's member");
                    }
                    return state();
                }
                case AgentProtocol.ENGINE_START -> {
                    if (ownMember(body, AgentProtocol.MEMBER_FIELD) == null) {
                        return Reply.error(409, "not this pod's member");
                    }
                    MemberPlan plan = MemberPlanJson.read(body, AgentProtocol.PLAN_FIELD);
                    if (!running) {
                        running = true;
                        pid = ++lastPid;
                        detail = "";
                        log.add("started " + String.join(" ", plan.command()));
                        engine.restarted(identity.name());
                    }
                    return state();
                }
                case AgentProtocol.ENGINE_STOP -> {
                    stopped(
                            0,
                            "stopped with SIG"
                                    + body.path(AgentProtocol.SIGNAL_FIELD).asText());
                    return state();
                }
                case AgentProtocol.ENGINE_KILL -> {
                    stopped(137, "killed");
                    return state();
                }
                case AgentProtocol.FILES -> {
                    if (ownMember(body, AgentProtocol.MEMBER_FIELD) == null) {
                        return Reply.error(409, "not this pod's member");
                    }
                    MemberPlan plan = MemberPlanJson.read(body, AgentProtocol.PLAN_FIELD);
                    ObjectNode answer = object();
                    plan.files().keySet().forEach(answer.putArray("written")::add);
                    return Reply.json(200, answer);
                }
                case AgentProtocol.LOGS -> {
                    return new Reply(200, AgentProtocol.TEXT, String.join("\n", log) + (log.isEmpty() ? "" : "\n"));
                }
                default -> {
                    return data(path, body);
                }
            }
        }

        private Reply data(String path, JsonNode body) {
            Optional<DataAction> action = path.startsWith(AgentProtocol.DATA)
                    ? DataAction.ofPath(path.substring(AgentProtocol.DATA.length()))
                    : Optional.empty();
            if (action.isEmpty()) {
                return Reply.error(404, "no endpoint " + path);
            }
            MemberContext member = ownMember(body, AgentProtocol.MEMBER_FIELD);
            if (member == null) {
                return Reply.error(409, "not this pod's member");
            }
            if (action.get().refusedWhileRunning() && running) {
                return Reply.error(409, "the engine runs; stop it first");
            }
            MemberAgent agent = engine.agent(member, host);
            ObjectNode answer = object();
            try {
                switch (action.get()) {
                    case HAS_DATA -> answer.put("hasData", agent.hasData());
                    case INITIALIZE -> agent.initialize();
                    case CLONE -> agent.cloneFrom(MemberContextJson.read(body, AgentProtocol.SOURCE_FIELD));
                    case WIPE -> agent.wipe();
                    case REWIND -> agent.rewindFrom(MemberContextJson.read(body, AgentProtocol.SOURCE_FIELD));
                    case STOPPED_POSITION -> {
                        var position = agent.stoppedPosition();
                        if (position.isPresent()) {
                            answer.put("position", position.getAsLong());
                        } else {
                            answer.putNull("position");
                        }
                    }
                }
            } catch (RuntimeException e) {
                return Reply.error(500, e.getMessage());
            }
            if (!answer.has("hasData") && !answer.has("position")) {
                answer.put("done", true);
            }
            return Reply.json(200, answer);
        }

        /** The request's member when it is this pod's, else null (a reused address must never act on other data). */
        private MemberContext ownMember(JsonNode body, String field) {
            MemberContext member = MemberContextJson.read(body, field);
            return member.identity().equals(identity) ? member : null;
        }

        private void stopped(int code, String why) {
            if (running) {
                running = false;
                pid = 0;
                exitCode = OptionalInt.of(code);
                detail = why;
                log.add(why);
            }
        }

        private Reply state() {
            return Reply.json(200, new EngineState(running, pid, exitCode, detail).toJson());
        }

        private JsonNode body(HttpExchange exchange) throws IOException {
            try (InputStream input = exchange.getRequestBody()) {
                byte[] bytes = input.readAllBytes();
                return bytes.length == 0 ? object() : JsonFields.parse(bytes);
            }
        }
    }

    private static ObjectNode object() {
        return Serialization.json().createObjectNode();
    }

    private record Reply(int status, String contentType, String body) {

        static Reply json(int status, JsonNode node) {
            return new Reply(status, AgentProtocol.JSON, node.toString());
        }

        static Reply error(int status, String message) {
            return json(status, object().put(AgentProtocol.ERROR_FIELD, message));
        }
    }
}
