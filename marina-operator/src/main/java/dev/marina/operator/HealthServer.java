package dev.marina.operator;

import static java.util.Objects.requireNonNull;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.marina.operator.topology.TopologyEndpoint;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/**
 * The operator's HTTP port: {@code /health/live} and {@code /health/ready} for the kubelet's probes (200 when the check
 * holds, 503 when it does not), and the gateways' topology feed under {@value TopologyEndpoint#CONTEXT} when one is
 * given. The JDK's own HTTP server: two fixed answers and one JSON route need no web framework in the operator's image.
 * Every request runs on its own virtual thread, so a gateway's long poll holds no platform thread while it waits.
 */
public final class HealthServer implements AutoCloseable {

    public static final String LIVE = "/health/live";
    public static final String READY = "/health/ready";

    private final HttpServer server;
    private final Optional<TopologyEndpoint> topology;

    private HealthServer(HttpServer server, Optional<TopologyEndpoint> topology) {
        this.server = server;
        this.topology = topology;
    }

    /** The health endpoints alone on {@code port} of every address ({@code 0}: a free port, for tests). */
    public static HealthServer start(int port, BooleanSupplier live, BooleanSupplier ready) throws IOException {
        return start(port, live, ready, Optional.empty());
    }

    /**
     * The health endpoints and the topology feed on {@code port} of every address ({@code 0}: a free port). The server
     * takes the feed over: {@link #close} stops it with the server.
     */
    public static HealthServer start(int port, BooleanSupplier live, BooleanSupplier ready, TopologyEndpoint topology)
            throws IOException {
        return start(port, live, ready, Optional.of(requireNonNull(topology, "topology is null")));
    }

    private static HealthServer start(
            int port, BooleanSupplier live, BooleanSupplier ready, Optional<TopologyEndpoint> topology)
            throws IOException {
        requireNonNull(live, "live is null");
        requireNonNull(ready, "ready is null");
        HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
        server.createContext(LIVE, exchange -> answer(exchange, live));
        server.createContext(READY, exchange -> answer(exchange, ready));
        topology.ifPresent(endpoint -> server.createContext(TopologyEndpoint.CONTEXT, endpoint));
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        return new HealthServer(server, topology);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void answer(HttpExchange exchange, BooleanSupplier check) throws IOException {
        try (exchange) {
            // A context matches by prefix; only the exact path is a probe.
            String path = exchange.getRequestURI().getPath();
            boolean known = path.equals(LIVE) || path.equals(READY);
            boolean healthy = known && check.getAsBoolean();
            byte[] body = (known ? (healthy ? "ok\n" : "not ready\n") : "not found\n").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            boolean head = "HEAD".equals(exchange.getRequestMethod());
            exchange.sendResponseHeaders(known ? (healthy ? 200 : 503) : 404, head ? -1 : body.length);
            if (!head) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }

    /** Stops the server, then the topology feed's informers, which no request reads any more. */
    @Override
    public void close() {
        try {
            server.stop(0);
        } finally {
            topology.ifPresent(TopologyEndpoint::close);
        }
    }
}
