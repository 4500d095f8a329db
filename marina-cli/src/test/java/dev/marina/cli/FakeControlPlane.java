package dev.marina.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.marina.api.DatabaseOperation;
import dev.marina.api.http.ApiError;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A control plane that answers what a test tells it to, on 127.0.0.1 and a free port, and records every request. It
 * writes the home's server.json with this JVM's pid, so the CLI finds it alive.
 */
final class FakeControlPlane implements AutoCloseable {

    static final String TOKEN = "test-token-1234";

    static final String OPERATIONS = "/api/v1/operations";

    record Request(String method, String path, String query, String authorization, String contentType, String body) {}

    private record Answer(int status, String body) {}

    private final HttpServer server;
    private final Map<String, Deque<Answer>> answers = new HashMap<>();
    private final List<Request> requests = new ArrayList<>();

    private FakeControlPlane(HttpServer server) {
        this.server = server;
    }

    static FakeControlPlane start(Path home) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            FakeControlPlane fake = new FakeControlPlane(server);
            server.createContext("/", fake::handle);
            server.start();
            Files.createDirectories(home);
            Files.writeString(
                    home.resolve("server.json"),
                    "{\"pid\": " + ProcessHandle.current().pid() + ", \"address\": \"127.0.0.1:"
                            + server.getAddress().getPort() + "\", \"token\": \"" + TOKEN
                            + "\", \"startedAt\": \"2026-11-20T10:00:00Z\"}");
            return fake;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Always answers {@code status} and {@code body} to {@code method path} (the path without its query). */
    synchronized FakeControlPlane respond(String method, String path, int status, String body) {
        return respondInTurn(method, path, List.of(status), List.of(body));
    }

    /** Answers in turn, one per request; the last answer repeats. */
    synchronized FakeControlPlane respondInTurn(
            String method, String path, List<Integer> statuses, List<String> bodies) {
        Deque<Answer> queue = new ArrayDeque<>();
        for (int i = 0; i < statuses.size(); i++) {
            queue.add(new Answer(statuses.get(i), bodies.get(i)));
        }
        answers.put(method + " " + path, queue);
        return this;
    }

    /** {@code POST /api/v1/operations} answers 201 with {@code operation}, as a created operation. */
    FakeControlPlane creates(DatabaseOperation operation) {
        return respond("POST", OPERATIONS, 201, TestOperations.json(operation));
    }

    /** {@code POST /api/v1/operations} answers 200 with {@code plan}, as a dry run does. */
    FakeControlPlane plans(DatabaseOperation plan) {
        return respond("POST", OPERATIONS, 200, TestOperations.json(plan));
    }

    /** {@code POST /api/v1/operations} answers {@code status} with {@code error}, as a refusal (409) does. */
    FakeControlPlane refuses(int status, ApiError error) {
        return respond("POST", OPERATIONS, status, TestOperations.json(error));
    }

    /** {@code GET /api/v1/operations/NAME} answers each state in turn, the last one from then on. */
    FakeControlPlane showsInTurn(DatabaseOperation... states) {
        String name = states[0].metadata().name();
        List<Integer> statuses = new ArrayList<>();
        List<String> bodies = new ArrayList<>();
        for (DatabaseOperation state : states) {
            statuses.add(200);
            bodies.add(TestOperations.json(state));
        }
        return respondInTurn("GET", OPERATIONS + "/" + name, statuses, bodies);
    }

    /** {@code GET /api/v1/operations} (with or without {@code ?cluster=}) answers {@code operations}. */
    FakeControlPlane lists(List<DatabaseOperation> operations) {
        return respond("GET", OPERATIONS, 200, TestOperations.json(operations));
    }

    /** The bodies the CLI sent to create operations, in order. */
    synchronized List<String> operationRequests() {
        return requests("POST", OPERATIONS).stream().map(Request::body).toList();
    }

    synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    synchronized List<Request> requests(String method, String path) {
        return requests.stream()
                .filter(request ->
                        request.method().equals(method) && request.path().equals(path))
                .toList();
    }

    int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getRawPath();
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        Answer answer;
        synchronized (this) {
            requests.add(new Request(
                    method,
                    path,
                    exchange.getRequestURI().getRawQuery(),
                    authorization,
                    exchange.getRequestHeaders().getFirst("Content-Type"),
                    body));
            answer = answerFor(method, path, authorization);
        }
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream output = exchange.getResponseBody()) {
            output.write(bytes);
        }
    }

    private Answer answerFor(String method, String path, String authorization) {
        if (!("Bearer " + TOKEN).equals(authorization)) {
            return new Answer(401, "{\"error\":\"missing or wrong token\"}");
        }
        Deque<Answer> queue = answers.get(method + " " + path);
        if (queue == null) {
            return new Answer(404, "{\"error\":\"the fake has no answer for " + method + " " + path + "\"}");
        }
        return queue.size() > 1 ? queue.poll() : queue.peek();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
