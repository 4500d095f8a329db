package dev.marina.operator.agent;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.marina.api.yaml.Serialization;
import dev.marina.control.engine.MemberPlan;
import dev.marina.control.member.MemberContext;
import dev.marina.control.runtime.RuntimeFailure;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The operator's side of one member's agent: every action over HTTP with the cluster's agent token, each with a timeout
 * of its own (a health check seconds, a clone half an hour). A failed action throws {@link RuntimeFailure} with the
 * agent's own message, as the local runtime's in-process calls do, so the control core reacts the same way.
 */
public final class PodAgentClient {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration QUICK = Duration.ofSeconds(10);
    private static final Duration START = Duration.ofMinutes(1);
    /** The agent waits up to 10 s for killed processes to go. */
    private static final Duration KILL = Duration.ofSeconds(30);

    private final HttpClient http;
    private final URI base;
    private final String member;
    private final String authorization;
    private final List<String> credentialNames;

    /**
     * @param base the agent's address, {@code http://<member host>:8008}, or with a path before the agent's own
     * @param member the member the agent runs, for messages
     * @param token the cluster's agent token
     * @param credentialNames the credentials a member context carries to the agent (the engine's)
     */
    public PodAgentClient(HttpClient http, URI base, String member, String token, Collection<String> credentialNames) {
        this.http = requireNonNull(http, "http is null");
        this.base = requireNonNull(base, "base is null");
        this.member = requireNonNull(member, "member is null");
        this.authorization = BearerToken.header(requireNonNull(token, "token is null"));
        this.credentialNames = List.copyOf(credentialNames);
    }

    /**
     * The address of {@code path} (with its query) on the agent: appended to the base, so that a base with a path of
     * its own (several fake agents behind one server, in tests and benchmarks) keeps it.
     */
    private URI at(String path) {
        String text = base.toString();
        return URI.create((text.endsWith("/") ? text.substring(0, text.length() - 1) : text) + path);
    }

    /** An HTTP client for agents: HTTP/1.1 (the JDK's server speaks nothing else), short connect timeout. */
    public static HttpClient httpClient() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT)
                .build();
    }

    /** Whether the agent answers at all (no token). */
    public boolean live() {
        return send(HttpRequest.newBuilder(at(AgentProtocol.LIVE)).GET(), QUICK, "live")
                        .status()
                == 200;
    }

    /** Whether the engine accepts connections, as the kubelet's readiness probe sees it. */
    public boolean ready() {
        return send(HttpRequest.newBuilder(at(AgentProtocol.READY)).GET(), QUICK, "ready")
                        .status()
                == 200;
    }

    public EngineState state() {
        return EngineState.fromJson(call("GET", AgentProtocol.ENGINE, null, QUICK, "engine state"));
    }

    /** Tells the agent who its member is (its readiness probe connects with that), without acting. */
    public EngineState describe(MemberContext context) {
        ObjectNode body = object();
        body.set(AgentProtocol.MEMBER_FIELD, member(context));
        return EngineState.fromJson(call("PUT", AgentProtocol.MEMBER, body, QUICK, "describe"));
    }

    /** Writes the plan's files, removes its absent ones and starts the engine; returns once it is launched. */
    public EngineState start(MemberContext context, MemberPlan plan) {
        ObjectNode body = object();
        body.set(AgentProtocol.MEMBER_FIELD, member(context));
        body.set(AgentProtocol.PLAN_FIELD, MemberPlanJson.write(plan));
        return EngineState.fromJson(call("POST", AgentProtocol.ENGINE_START, body, START, "start"));
    }

    /** Stops the engine with {@code signal}, killing it after {@code grace}; returns once it is gone. */
    public EngineState stop(String signal, Duration grace) {
        ObjectNode body = object();
        body.put(AgentProtocol.SIGNAL_FIELD, signal);
        body.put(AgentProtocol.GRACE_FIELD, grace.toSeconds());
        return EngineState.fromJson(
                call("POST", AgentProtocol.ENGINE_STOP, body, grace.plus(KILL), "stop with " + signal));
    }

    /** Fencing: kills every process of the engine; returns only once nothing of it runs. */
    public EngineState kill() {
        return EngineState.fromJson(call("POST", AgentProtocol.ENGINE_KILL, object(), KILL, "kill"));
    }

    /** Writes the plan's files at once, restarting nothing. */
    public void writeFiles(MemberContext context, MemberPlan plan) {
        ObjectNode body = object();
        body.set(AgentProtocol.MEMBER_FIELD, member(context));
        body.set(AgentProtocol.PLAN_FIELD, MemberPlanJson.write(plan));
        call("PUT", AgentProtocol.FILES, body, QUICK, "write files");
    }

    /** The engine's last {@code lines} lines of output. */
    public String logs(int lines) {
        Answer answer = send(
                authorized(HttpRequest.newBuilder(at(AgentProtocol.LOGS + "?lines=" + lines)))
                        .GET(),
                QUICK,
                "logs");
        return answer.require(member, "logs").body();
    }

    boolean hasData(MemberContext context) {
        return data(DataAction.HAS_DATA, context, Optional.empty())
                .path("hasData")
                .asBoolean();
    }

    void initialize(MemberContext context) {
        data(DataAction.INITIALIZE, context, Optional.empty());
    }

    void cloneFrom(MemberContext context, MemberContext source) {
        data(DataAction.CLONE, context, Optional.of(source));
    }

    void wipe(MemberContext context) {
        data(DataAction.WIPE, context, Optional.empty());
    }

    void rewindFrom(MemberContext context, MemberContext source) {
        data(DataAction.REWIND, context, Optional.of(source));
    }

    OptionalLong stoppedPosition(MemberContext context) {
        JsonNode position =
                data(DataAction.STOPPED_POSITION, context, Optional.empty()).path("position");
        return position.isIntegralNumber() ? OptionalLong.of(position.longValue()) : OptionalLong.empty();
    }

    private JsonNode data(DataAction action, MemberContext context, Optional<MemberContext> source) {
        ObjectNode body = object();
        body.set(AgentProtocol.MEMBER_FIELD, member(context));
        source.ifPresent(from -> body.set(AgentProtocol.SOURCE_FIELD, member(from)));
        return call("POST", action.fullPath(), body, action.timeout(), action.path());
    }

    private ObjectNode member(MemberContext context) {
        return MemberContextJson.write(context, credentialNames);
    }

    private JsonNode call(String method, String path, JsonNode body, Duration timeout, String what) {
        HttpRequest.BodyPublisher publisher = body == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(bytes(body));
        HttpRequest.Builder request = authorized(HttpRequest.newBuilder(at(path)))
                .header("Content-Type", AgentProtocol.JSON)
                .method(method, publisher);
        Answer answer = send(request, timeout, what).require(member, what);
        try {
            return Serialization.json().readTree(answer.body());
        } catch (JsonProcessingException e) {
            throw new RuntimeFailure("the agent of " + member + " answered " + what + " with something not JSON");
        }
    }

    private HttpRequest.Builder authorized(HttpRequest.Builder request) {
        return request.header("Authorization", authorization);
    }

    private Answer send(HttpRequest.Builder request, Duration timeout, String what) {
        try {
            HttpResponse<String> response =
                    http.send(request.timeout(timeout).build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        } catch (HttpTimeoutException e) {
            throw new RuntimeFailure(
                    "the agent of " + member + " did not answer " + what + " within " + timeout.toSeconds() + " s");
        } catch (ConnectException e) {
            throw new RuntimeFailure("cannot reach the agent of " + member + " at " + base + " for " + what, e);
        } catch (IOException e) {
            throw new RuntimeFailure(
                    "the agent of " + member + " at " + base + " failed " + what + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeFailure("interrupted while waiting for the agent of " + member + " (" + what + ")", e);
        }
    }

    private static byte[] bytes(JsonNode body) {
        try {
            return Serialization.json().writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a request to the agent", e);
        }
    }

    private static ObjectNode object() {
        return Serialization.json().createObjectNode();
    }

    private record Answer(int status, String body) {

        /** The answer of a successful action, or the agent's own message as a failure. */
        Answer require(String member, String what) {
            if (status >= 200 && status < 300) {
                return this;
            }
            throw new RuntimeFailure(
                    what + " on the agent of " + member + " failed (HTTP " + status + "): " + message());
        }

        private String message() {
            try {
                JsonNode node = Serialization.json().readTree(body);
                JsonNode error = node.path(AgentProtocol.ERROR_FIELD);
                if (error.isTextual()) {
                    return error.textValue();
                }
            } catch (JsonProcessingException e) {
                // Not the agent's JSON (a proxy's page): say so rather than quote it.
            }
            return "an answer that is not the agent's";
        }
    }
}
