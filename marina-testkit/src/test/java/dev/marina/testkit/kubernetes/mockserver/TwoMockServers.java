package dev.marina.testkit.kubernetes.mockserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

/**
 * fabric8's mock API server in CRUD mode, as {@code @EnableKubernetesMockClient(crud = true)} builds it, and the one on
 * the indexed store, side by side: each request goes to both, and their answers must be the same but for what differs
 * by chance (uids and names made of random UUIDs, timestamps to the second).
 */
final class TwoMockServers implements AutoCloseable {

    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern TIMESTAMP = Pattern.compile("\"(creationTimestamp|deletionTimestamp)\":\"[^\"]*\"");

    /** An answer: its status code and its body, with what differs by chance masked. */
    record Answer(int code, String body) {}

    private final KubernetesMockServer stock;
    private final KubernetesMockServer indexed;
    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final List<WatchPair> watches = new ArrayList<>();
    private int requests;

    private TwoMockServers(KubernetesMockServer stock, KubernetesMockServer indexed) {
        this.stock = stock;
        this.indexed = indexed;
    }

    static TwoMockServers start() {
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        KubernetesMockServer stock = new KubernetesMockServer(
                new Context(Serialization.jsonMapper()),
                new MockWebServer(),
                responses,
                new KubernetesMixedDispatcher(responses),
                false);
        KubernetesMockServer indexed = IndexedMockServerExtension.newServer(false);
        stock.init();
        indexed.init();
        return new TwoMockServers(stock, indexed);
    }

    /** Sends the request to both servers, checks that they answer the same, and returns the answer. */
    Answer send(String method, String path, String contentType, String body) {
        requests++;
        Answer fromStock = exchange(stock, method, path, contentType, body);
        Answer fromIndexed = exchange(indexed, method, path, contentType, body);
        assertThat(fromIndexed)
                .as("request %d, %s %s %s", requests, method, path, body == null ? "" : body)
                .isEqualTo(fromStock);
        return fromStock;
    }

    Answer get(String path) {
        return send("GET", path, null, null);
    }

    Answer post(String path, String body) {
        return send("POST", path, "application/json", body);
    }

    Answer put(String path, String body) {
        return send("PUT", path, "application/json", body);
    }

    Answer delete(String path) {
        return send("DELETE", path, null, null);
    }

    /** How many requests went to each server so far. */
    int requests() {
        return requests;
    }

    /**
     * Opens a watch on {@code path} (with {@code watch=true} already in it) on both servers, waiting until both are
     * open, so that the objects they start with and the events that follow come from the same state.
     */
    void watch(String path) {
        WatchPair pair = new WatchPair(path, open(stock, path), open(indexed, path));
        watches.add(pair);
    }

    /**
     * Waits until every watch has seen an event whose body contains {@code marker} (the caller wrote an object every
     * watch matches, last), then checks that each watch saw the same events from both servers, in the same order.
     */
    void assertSameWatchEvents(String marker) {
        for (WatchPair pair : watches) {
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> containsMarker(pair.stock(), marker) && containsMarker(pair.indexed(), marker));
            assertThat(masked(pair.indexed().messages()))
                    .as("watch %s", pair.path())
                    .isEqualTo(masked(pair.stock().messages()))
                    .isNotEmpty();
        }
    }

    @Override
    public void close() {
        for (WatchPair pair : watches) {
            pair.stock().socket().abort();
            pair.indexed().socket().abort();
        }
        http.close();
        stock.destroy();
        indexed.destroy();
    }

    private Answer exchange(KubernetesMockServer server, String method, String path, String contentType, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url(path)))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), mask(response.body()));
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(method + " " + path + " was interrupted", e);
        }
    }

    private Events open(KubernetesMockServer server, String path) {
        Events events = new Events();
        URI uri = URI.create(server.url(path).replaceFirst("^http", "ws"));
        events.socket = http.newWebSocketBuilder().buildAsync(uri, events).join();
        return events;
    }

    private static boolean containsMarker(Events events, String marker) {
        return events.messages().stream().anyMatch(message -> message.contains(marker));
    }

    private static List<String> masked(List<String> messages) {
        return messages.stream().map(TwoMockServers::mask).toList();
    }

    private static String mask(String body) {
        String withoutTimes = TIMESTAMP.matcher(body).replaceAll("\"$1\":\"<time>\"");
        return UUID.matcher(withoutTimes).replaceAll("<uuid>");
    }

    private record WatchPair(String path, Events stock, Events indexed) {}

    /** The text messages one watch received, whole. */
    private static final class Events implements WebSocket.Listener {
        private final List<String> messages = new CopyOnWriteArrayList<>();
        private final StringBuilder partial = new StringBuilder();
        private WebSocket socket;

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                messages.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        List<String> messages() {
            return messages;
        }

        WebSocket socket() {
            return socket;
        }
    }
}
