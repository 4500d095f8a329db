package dev.marina.operator.topology;

import static java.util.Objects.requireNonNull;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.marina.api.http.ApiError;
import dev.marina.api.validation.InvalidDocumentException;
import dev.marina.api.yaml.Serialization;
import dev.marina.control.service.NotFoundException;
import dev.marina.control.service.TopologyWait;
import dev.marina.operator.render.KubernetesNames;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateways' topology feed on the operator's HTTP port: {@code GET
 * /namespaces/<namespace>/api/v1/clusters/<cluster>/topology[?after=<version>&waitMillis=N]} with {@code Authorization:
 * Bearer <the cluster's gateway secret>}, answered as the local control plane answers its own route, by the same
 * control core classes: the topology as JSON at once, or, with {@code after}, once its version differs (a long poll).
 *
 * <p>Every replica answers, the leader and the followers alike, since the operator's Service sends a gateway to any of
 * them, from informers of the clusters, their state ConfigMaps and their Secrets ({@link FeedCaches}), started at the
 * first request for a namespace: a request, and a long poll's every read while it waits on its own virtual thread, costs
 * the API server nothing. A waiting long poll is woken by a change to its cluster.
 *
 * <p>The checks come in the local control plane's order. Authentication first: a namespace the operator does not
 * manage, a cluster that does not exist and a wrong or missing token all get the same 401, which says nothing about the
 * cluster. Then the parameters (422), then the cluster itself (404 when it is gone while its secret is kept, or while
 * the caller waits). Informers that cannot list, or do not watch, are a 503; the gateway keeps its last topology and asks
 * again.
 */
public final class TopologyEndpoint implements HttpHandler, AutoCloseable {

    /** The prefix the operator's HTTP server hands to this endpoint. */
    public static final String CONTEXT = "/namespaces/";

    /**
     * How often a long poll reads the cluster again from the informers' cache besides when a change to it wakes the
     * poll: a read costs no request, and the interval only bounds how late a poll notices that the cache stopped
     * watching (it then answers 503, and the gateway asks again, maybe another replica).
     */
    public static final Duration INTERVAL = Duration.ofMillis(500);

    /**
     * How long the first request for a namespace waits for the informers to list its clusters, state ConfigMaps and
     * Secrets; within a gateway's own timeout, which exceeds its wait (10 s) by 5 s.
     */
    public static final Duration START_TIMEOUT = Duration.ofSeconds(10);

    private static final Logger LOG = LoggerFactory.getLogger(TopologyEndpoint.class);
    private static final String AFTER = "after";

    private final Set<String> watchNamespaces;
    private final Duration interval;
    private final WaitingPolls polls = new WaitingPolls();
    private final FeedCaches caches;

    /**
     * @param watchNamespaces the namespaces the operator manages; empty: every namespace
     * @param interval how often a long poll reads the cluster again ({@link #INTERVAL}; shorter in tests)
     */
    public TopologyEndpoint(KubernetesClient client, Set<String> watchNamespaces, Duration interval) {
        requireNonNull(client, "client is null");
        this.watchNamespaces = Set.copyOf(requireNonNull(watchNamespaces, "watchNamespaces is null"));
        this.interval = requireNonNull(interval, "interval is null");
        this.caches = new FeedCaches(client, this.watchNamespaces.isEmpty(), polls, START_TIMEOUT);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Answer answer = answer(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI(),
                    exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] body = Serialization.json().writeValueAsBytes(answer.body());
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            answer.headers()
                    .forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
            exchange.sendResponseHeaders(answer.status(), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private Answer answer(String method, URI uri, String authorization) {
        Optional<FeedPath> path = FeedPath.parse(uri.getRawPath());
        if (path.isEmpty()) {
            return Answer.error(
                    404,
                    "no such route: " + method + " " + uri.getRawPath()
                            + "; the topology feed is GET /namespaces/<namespace>/api/v1/clusters/<cluster>/topology");
        }
        if (!"GET".equals(method)) {
            return Answer.error(405, "the topology feed answers GET only").with("Allow", "GET");
        }
        String namespace = path.get().namespace();
        String cluster = path.get().cluster();
        try {
            if (!isManaged(namespace)) {
                return unauthorized();
            }
            NamespaceTopology topology = new NamespaceTopology(caches.of(namespace), namespace, interval, polls);
            if (!topology.admits(cluster, authorization)) {
                return unauthorized();
            }
            Map<String, String> query = query(uri.getRawQuery());
            Duration wait = TopologyWait.parse(query.get(TopologyWait.PARAMETER));
            return new Answer(200, topology.answer(cluster, Optional.ofNullable(query.get(AFTER)), wait), Map.of());
        } catch (InvalidDocumentException e) {
            return new Answer(422, new ApiError(e.getMessage(), e.errors()), Map.of());
        } catch (MalformedQuery e) {
            return Answer.error(400, e.getMessage());
        } catch (NotFoundException e) {
            return Answer.error(404, e.getMessage());
        } catch (RuntimeException e) {
            // The cache's and the store's messages name the objects and the API server's answer, never a secret's
            // value.
            LOG.warn("topology feed of cluster {}/{}: {}", namespace, cluster, e.getMessage());
            return Answer.error(503, "the operator cannot read the topology now; its log says why; ask again");
        }
    }

    /** Checked before a cache is asked for, so that a made-up namespace never makes the operator start informers. */
    private boolean isManaged(String namespace) {
        return KubernetesNames.isNamespace(namespace)
                && (watchNamespaces.isEmpty() || watchNamespaces.contains(namespace));
    }

    /** Stops the informers; requests still waiting then end with a 503. */
    @Override
    public void close() {
        caches.close();
    }

    private static Answer unauthorized() {
        return Answer.error(
                        401,
                        "missing or wrong token; a gateway reads its cluster's topology with the cluster's gateway"
                                + " secret")
                .with("WWW-Authenticate", "Bearer");
    }

    /** The query's parameters, decoded; the first of repeated ones. */
    private static Map<String, String> query(String rawQuery) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return parameters;
        }
        for (String pair : rawQuery.split("&")) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            try {
                parameters.putIfAbsent(
                        URLDecoder.decode(name, StandardCharsets.UTF_8),
                        URLDecoder.decode(value, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw new MalformedQuery("the query cannot be decoded: " + e.getMessage());
            }
        }
        return parameters;
    }

    /** What a request gets: a status, a body written as JSON, and headers besides the content type. */
    private record Answer(int status, Object body, Map<String, String> headers) {

        static Answer error(int status, String message) {
            return new Answer(status, ApiError.of(message), Map.of());
        }

        Answer with(String header, String value) {
            Map<String, String> more = new LinkedHashMap<>(headers);
            more.put(header, value);
            return new Answer(status, body, Collections.unmodifiableMap(more));
        }
    }

    private static final class MalformedQuery extends RuntimeException {
        MalformedQuery(String message) {
            super(message);
        }
    }
}
