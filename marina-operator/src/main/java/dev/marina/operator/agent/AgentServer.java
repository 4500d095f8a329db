package dev.marina.operator.agent;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.marina.api.yaml.Serialization;
import dev.marina.control.engine.MemberPlan;
import dev.marina.control.member.MemberContext;
import dev.marina.control.runtime.RuntimeFailure;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's HTTP endpoints (the JDK's server: a dozen routes need no framework, and the agent shares the database's
 * memory limit). Health without a token, for the kubelet; everything else only with the operator's bearer token. A
 * request is answered with JSON, an error with {@code {"error": "..."}} naming the field or state at fault.
 */
final class AgentServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AgentServer.class);

    /** A plan with its certificates is a few tens of kilobytes. */
    private static final int MAX_BODY_BYTES = 4 * 1024 * 1024;

    private static final long MAX_GRACE_SECONDS = 3600;

    private final PodAgent agent;
    private final BearerToken token;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    private AgentServer(PodAgent agent, BearerToken token, HttpServer server) {
        this.agent = agent;
        this.token = token;
        this.server = server;
    }

    static AgentServer start(PodAgent agent, String token, InetSocketAddress address) {
        requireNonNull(agent, "agent is null");
        try {
            HttpServer server = HttpServer.create(address, 64);
            AgentServer agentServer = new AgentServer(agent, new BearerToken(token), server);
            server.createContext("/", agentServer::handle);
            server.setExecutor(agentServer.executor);
            server.start();
            return agentServer;
        } catch (IOException e) {
            throw new UncheckedIOException("the agent cannot listen on " + address + ": " + e.getMessage(), e);
        }
    }

    int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) {
        try (exchange) {
            Reply reply;
            try {
                reply = route(exchange);
            } catch (RequestRefused e) {
                reply = Reply.error(e.status(), e.getMessage());
            } catch (RuntimeFailure e) {
                LOG.warn(
                        "{} {} failed: {}",
                        exchange.getRequestMethod(),
                        exchange.getRequestURI().getPath(),
                        e.getMessage());
                reply = Reply.error(500, e.getMessage());
            } catch (RuntimeException e) {
                LOG.error(
                        "{} {} failed",
                        exchange.getRequestMethod(),
                        exchange.getRequestURI().getPath(),
                        e);
                reply = Reply.error(500, "the agent failed: " + e.getClass().getSimpleName());
            }
            send(exchange, reply);
        } catch (IOException e) {
            LOG.debug("cannot answer {}", exchange.getRequestURI(), e);
        }
    }

    private Reply route(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        if (path.equals(AgentProtocol.LIVE)) {
            requireMethod(method, "GET");
            return Reply.json(200, object().put("alive", true));
        }
        if (path.equals(AgentProtocol.READY)) {
            requireMethod(method, "GET");
            Optional<String> reason = agent.notReadyBecause();
            return reason.isEmpty()
                    ? Reply.json(200, object().put("ready", true))
                    : Reply.json(503, object().put("ready", false).put("reason", reason.get()));
        }
        if (path.equals(AgentProtocol.METRICS)) {
            // Open like the probes: Prometheus scrapes without the operator's token, and nothing here is secret.
            requireMethod(method, "GET");
            return new Reply(200, AgentMetrics.CONTENT_TYPE, agent.metrics().getBytes(StandardCharsets.UTF_8));
        }
        if (!token.accepts(exchange.getRequestHeaders().getFirst("Authorization"))) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
            return Reply.error(401, "a bearer token is missing or wrong; the operator sends the cluster's agent token");
        }
        switch (path) {
            case AgentProtocol.ENGINE -> {
                requireMethod(method, "GET");
                return Reply.json(200, agent.state().toJson());
            }
            case AgentProtocol.MEMBER -> {
                requireMethod(method, "PUT");
                agent.describe(MemberContextJson.read(body(exchange), AgentProtocol.MEMBER_FIELD));
                return Reply.json(200, agent.state().toJson());
            }
            case AgentProtocol.ENGINE_START -> {
                requireMethod(method, "POST");
                JsonNode body = body(exchange);
                MemberContext member = MemberContextJson.read(body, AgentProtocol.MEMBER_FIELD);
                MemberPlan plan = MemberPlanJson.read(body, AgentProtocol.PLAN_FIELD);
                return Reply.json(200, agent.start(member, plan).toJson());
            }
            case AgentProtocol.ENGINE_STOP -> {
                requireMethod(method, "POST");
                JsonNode body = body(exchange);
                String signal = JsonFields.text(body, AgentProtocol.SIGNAL_FIELD);
                Signals.requireName(signal, AgentProtocol.SIGNAL_FIELD);
                int grace = JsonFields.integer(body, AgentProtocol.GRACE_FIELD);
                if (grace < 0 || grace > MAX_GRACE_SECONDS) {
                    throw JsonFields.invalid(
                            AgentProtocol.GRACE_FIELD, "must be 0 to " + MAX_GRACE_SECONDS + " seconds");
                }
                return Reply.json(
                        200, agent.stop(signal, Duration.ofSeconds(grace)).toJson());
            }
            case AgentProtocol.ENGINE_KILL -> {
                requireMethod(method, "POST");
                return Reply.json(200, agent.kill().toJson());
            }
            case AgentProtocol.FILES -> {
                requireMethod(method, "PUT");
                JsonNode body = body(exchange);
                MemberContext member = MemberContextJson.read(body, AgentProtocol.MEMBER_FIELD);
                MemberPlan plan = MemberPlanJson.read(body, AgentProtocol.PLAN_FIELD);
                ObjectNode answer = object();
                agent.writeFiles(member, plan).forEach(answer.putArray("written")::add);
                return Reply.json(200, answer);
            }
            case AgentProtocol.LOGS -> {
                requireMethod(method, "GET");
                List<String> lines = agent.logs(lines(exchange.getRequestURI().getRawQuery()));
                return new Reply(
                        200,
                        AgentProtocol.TEXT,
                        lines.stream()
                                .map(line -> line + "\n")
                                .reduce("", String::concat)
                                .getBytes(StandardCharsets.UTF_8));
            }
            default -> {
                if (path.startsWith(AgentProtocol.DATA)) {
                    DataAction action = DataAction.ofPath(path.substring(AgentProtocol.DATA.length()))
                            .orElseThrow(() -> new RequestRefused(404, "no data action " + path));
                    requireMethod(method, "POST");
                    return Reply.json(200, data(action, body(exchange)));
                }
                return Reply.error(404, "no endpoint " + path);
            }
        }
    }

    private ObjectNode data(DataAction action, JsonNode body) {
        MemberContext member = MemberContextJson.read(body, AgentProtocol.MEMBER_FIELD);
        Optional<MemberContext> source = action.needsSource()
                ? Optional.of(MemberContextJson.read(body, AgentProtocol.SOURCE_FIELD))
                : Optional.empty();
        Object result = agent.data(action, member, source);
        ObjectNode answer = object();
        switch (action) {
            case HAS_DATA -> answer.put("hasData", (Boolean) result);
            case STOPPED_POSITION -> {
                if (result instanceof Long position) {
                    answer.put("position", position);
                } else {
                    answer.putNull("position");
                }
            }
            default -> answer.put("done", true);
        }
        return answer;
    }

    private static int lines(String query) {
        if (query == null || query.isEmpty()) {
            return AgentProtocol.DEFAULT_LOG_LINES;
        }
        for (String parameter : query.split("&")) {
            if (parameter.startsWith("lines=")) {
                try {
                    int lines = Integer.parseInt(parameter.substring("lines=".length()));
                    if (lines >= 1 && lines <= AgentProtocol.MAX_LOG_LINES) {
                        return lines;
                    }
                } catch (NumberFormatException e) {
                    // Refused below.
                }
                throw JsonFields.invalid("lines", "must be a whole number from 1 to " + AgentProtocol.MAX_LOG_LINES);
            }
        }
        return AgentProtocol.DEFAULT_LOG_LINES;
    }

    private static JsonNode body(HttpExchange exchange) throws IOException {
        try (InputStream input = exchange.getRequestBody()) {
            byte[] body = input.readNBytes(MAX_BODY_BYTES + 1);
            if (body.length > MAX_BODY_BYTES) {
                throw new RequestRefused(413, "the body is larger than " + MAX_BODY_BYTES + " bytes");
            }
            return JsonFields.parse(body);
        }
    }

    private static void requireMethod(String method, String expected) {
        if (!method.equals(expected)) {
            throw new RequestRefused(405, "use " + expected + ", not " + method);
        }
    }

    private static ObjectNode object() {
        return Serialization.json().createObjectNode();
    }

    private static void send(HttpExchange exchange, Reply reply) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", reply.contentType());
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(reply.status(), reply.body().length == 0 ? -1 : reply.body().length);
        exchange.getResponseBody().write(reply.body());
    }

    @Override
    public void close() {
        server.stop(0);
        executor.close();
    }

    private record Reply(int status, String contentType, byte[] body) {

        static Reply json(int status, JsonNode node) {
            try {
                return new Reply(
                        status, AgentProtocol.JSON, Serialization.json().writeValueAsBytes(node));
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        }

        static Reply error(int status, String message) {
            return json(status, object().put(AgentProtocol.ERROR_FIELD, message));
        }
    }
}
