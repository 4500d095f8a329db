package dev.marina.cli;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.marina.api.DatabaseCluster;
import dev.marina.api.DatabaseOperation;
import dev.marina.api.OperationSpec;
import dev.marina.api.http.ApplyResult;
import dev.marina.api.http.ClusterEvent;
import dev.marina.api.http.ConnectionInfo;
import dev.marina.api.http.MemberLogs;
import dev.marina.api.http.ServerStatus;
import dev.marina.api.yaml.Serialization;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The control plane's HTTP API (docs/http-api.md) as Java calls. Every request carries the bearer token from
 * server.json; every failure becomes a {@link MarinaException} with a message for people.
 */
public final class ControlPlaneClient implements AutoCloseable {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(2);

    // Answers are read leniently: a newer control plane may add fields this CLI does not know yet.
    private static final ObjectMapper ANSWERS =
            Serialization.json().copy().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private static final HttpResponse.BodyHandler<String> TEXT =
            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8);

    private final ServerFile server;
    private final MarinaHome home;
    private final HttpClient http;

    public ControlPlaneClient(ServerFile server, MarinaHome home) {
        this.server = requireNonNull(server, "server is null");
        this.home = requireNonNull(home, "home is null");
        // HTTP/1.1: the API is plain HTTP on loopback; an HTTP/2 upgrade attempt buys nothing there.
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT)
                .build();
    }

    /** A client for the control plane of {@code home}, or exit code 3 when none is running there. */
    public static ControlPlaneClient connect(MarinaHome home) {
        ServerFile server = ServerFile.findLive(home).orElseThrow(MarinaException::notRunning);
        return new ControlPlaneClient(server, home);
    }

    public ServerFile server() {
        return server;
    }

    /** Whether {@code GET /api/v1/health} answers 200 right now; never throws. */
    public boolean isHealthy() {
        try {
            HttpResponse<String> response =
                    http.send(request("/api/v1/health", HEALTH_TIMEOUT).GET().build(), TEXT);
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public ServerStatus status() {
        return read(expectSuccess(send("GET", "/api/v1/status", null)), ServerStatus.class);
    }

    public ApplyResult apply(String yaml, boolean dryRun) {
        requireNonNull(yaml, "yaml is null");
        String path = "/api/v1/apply" + (dryRun ? "?dryRun=true" : "");
        HttpRequest.Builder builder = request(path, REQUEST_TIMEOUT)
                .header("Content-Type", "application/yaml")
                .POST(HttpRequest.BodyPublishers.ofString(yaml, StandardCharsets.UTF_8));
        return read(expectSuccess(send(builder)), ApplyResult.class);
    }

    public List<DatabaseCluster> clusters() {
        return read(clustersJson(), new TypeReference<List<DatabaseCluster>>() {});
    }

    /** The cluster list exactly as the server sent it, for {@code -o json}. */
    public String clustersJson() {
        return expectSuccess(send("GET", "/api/v1/clusters", null));
    }

    public DatabaseCluster cluster(String name) {
        return read(clusterJson(name), DatabaseCluster.class);
    }

    /** The cluster exactly as the server sent it, for {@code -o json}. */
    public String clusterJson(String name) {
        return expectSuccess(send("GET", clusterPath(name), null));
    }

    /** The cluster, or empty when the control plane has no cluster of that name. */
    public Optional<DatabaseCluster> findCluster(String name) {
        Answer answer = send("GET", clusterPath(name), null);
        if (answer.status() == 404) {
            return Optional.empty();
        }
        return Optional.of(read(expectSuccess(answer), DatabaseCluster.class));
    }

    /** Asks for the deletion; the cluster goes away later, when its members have stopped. */
    public void deleteCluster(String name, boolean purge) {
        // The answer's body (the cluster, now deleting) is not read: a body this CLI cannot parse must not turn an
        // accepted deletion into an error.
        expectSuccess(send("DELETE", clusterPath(name) + "?purge=" + purge, null));
    }

    public List<ClusterEvent> events(String name, int limit) {
        String answer = expectSuccess(send("GET", clusterPath(name) + "/events?limit=" + limit, null));
        return read(answer, new TypeReference<List<ClusterEvent>>() {});
    }

    public ConnectionInfo connection(String name, boolean readOnly) {
        return connection(name, readOnly, false, Optional.empty());
    }

    /**
     * How to connect: through the cluster's gateways when it has any, unless {@code direct}. With {@code caFile}, a URL
     * to members that serve TLS verifies them with the CA certificate kept there (the caller writes it from the answer).
     */
    public ConnectionInfo connection(String name, boolean readOnly, boolean direct, Optional<Path> caFile) {
        String query = "?readOnly=" + readOnly + "&direct=" + direct
                + caFile.map(file -> "&caFile=" + encode(file.toString())).orElse("");
        String answer = expectSuccess(send("GET", clusterPath(name) + "/connection" + query, null));
        return read(answer, ConnectionInfo.class);
    }

    public MemberLogs memberLogs(String name, String member, int lines) {
        String path = clusterPath(name) + "/members/" + encode(member) + "/logs?lines=" + lines;
        return read(expectSuccess(send("GET", path, null)), MemberLogs.class);
    }

    /**
     * Asks for an operation; with {@code dryRun}, only for its plan. The control plane checks it first: a malformed
     * request is a 422, one the cluster cannot take now a 409, and either way nothing is created.
     */
    public OperationAnswer createOperation(OperationSpec spec, boolean dryRun) {
        requireNonNull(spec, "spec is null");
        String path = "/api/v1/operations" + (dryRun ? "?dryRun=true" : "");
        HttpRequest.Builder builder = request(path, REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Serialization.toJson(spec), StandardCharsets.UTF_8));
        return operationAnswer(expectSuccess(send(builder)));
    }

    /** The operations of one cluster, or of every cluster when {@code cluster} is null, oldest first. */
    public List<DatabaseOperation> operations(String cluster) {
        return read(operationsJson(cluster), new TypeReference<List<DatabaseOperation>>() {});
    }

    /** The operation list exactly as the server sent it, for {@code -o json}. */
    public String operationsJson(String cluster) {
        String query = cluster == null ? "" : "?cluster=" + encode(cluster);
        return expectSuccess(send("GET", "/api/v1/operations" + query, null));
    }

    public OperationAnswer operation(String name) {
        return operationAnswer(expectSuccess(send("GET", operationPath(name), null)));
    }

    /** Cancels a pending operation at once, or asks a running one to stop between two steps. */
    public OperationAnswer cancelOperation(String name) {
        return operationAnswer(expectSuccess(send("POST", operationPath(name) + "/cancel", null)));
    }

    /**
     * Asks the control plane to stop (its members too, when asked). The control plane may close the connection as it
     * exits, before its answer arrives; that is success too, and the caller then waits for the pid to go.
     */
    public void shutdown(boolean stopMembers) {
        HttpRequest.Builder builder = request("/api/v1/shutdown?stopMembers=" + stopMembers, REQUEST_TIMEOUT)
                .POST(HttpRequest.BodyPublishers.noBody());
        HttpResponse<String> response;
        try {
            response = http.send(builder.build(), TEXT);
        } catch (ConnectException e) {
            throw MarinaException.notRunning();
        } catch (IOException e) {
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw MarinaException.userError("interrupted while stopping the control plane");
        }
        expectSuccess(new Answer(response.statusCode(), response.body()));
    }

    @Override
    public void close() {
        http.close();
    }

    private record Answer(int status, String body) {}

    private Answer send(String method, String path, HttpRequest.BodyPublisher body) {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody() : body;
        return send(request(path, REQUEST_TIMEOUT).method(method, publisher));
    }

    private Answer send(HttpRequest.Builder builder) {
        try {
            HttpResponse<String> response = http.send(builder.build(), TEXT);
            return new Answer(response.statusCode(), response.body());
        } catch (HttpConnectTimeoutException | ConnectException e) {
            throw MarinaException.notRunning();
        } catch (HttpTimeoutException e) {
            throw MarinaException.userError("the control plane did not answer within " + REQUEST_TIMEOUT.toSeconds()
                    + "s; see its log: " + home.serverLog());
        } catch (IOException e) {
            throw MarinaException.userError("lost the connection to the control plane (" + e.getMessage()
                    + "); see its log: " + home.serverLog());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw MarinaException.userError("interrupted while waiting for the control plane");
        }
    }

    private HttpRequest.Builder request(String path, Duration timeout) {
        return HttpRequest.newBuilder(URI.create(server.baseUri() + path))
                .timeout(timeout)
                .header("Accept", "application/json")
                .header("Authorization", "Bearer " + server.token());
    }

    private String expectSuccess(Answer answer) {
        if (answer.status() / 100 != 2) {
            throw ApiErrors.toException(answer.status(), answer.body(), home.serverLog());
        }
        return answer.body() == null ? "" : answer.body();
    }

    private static OperationAnswer operationAnswer(String json) {
        return new OperationAnswer(read(json, DatabaseOperation.class), json);
    }

    private static <T> T read(String json, Class<T> type) {
        return read(json, ANSWERS.constructType(type));
    }

    private static <T> T read(String json, TypeReference<T> type) {
        return read(json, ANSWERS.constructType(type));
    }

    private static <T> T read(String json, JavaType type) {
        try {
            return ANSWERS.readValue(json, type);
        } catch (JsonProcessingException | RuntimeException e) {
            throw MarinaException.userError("the control plane answered something this CLI cannot read ("
                    + firstLine(e.getMessage()) + "); make sure marina and the control plane are the same version");
        }
    }

    private static String firstLine(String text) {
        return text == null ? "no detail" : text.lines().findFirst().orElse(text);
    }

    private static String clusterPath(String name) {
        return "/api/v1/clusters/" + encode(requireNonNull(name, "name is null"));
    }

    private static String operationPath(String name) {
        return "/api/v1/operations/" + encode(requireNonNull(name, "name is null"));
    }

    private static String encode(String pathSegment) {
        return URLEncoder.encode(pathSegment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
