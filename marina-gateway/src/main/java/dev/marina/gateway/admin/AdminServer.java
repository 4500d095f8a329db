package dev.marina.gateway.admin;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.marina.gateway.config.InvalidConfigException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin endpoint over HTTP: the admin view ({@code /admin/pools|clients|servers|stats}), pause and resume, a
 * reload of the configuration file, health and Prometheus metrics ({@code /metrics}). Reads of the gateway's state go through {@link AdminView}, which asks
 * the event loop, so the HTTP threads never touch it directly.
 */
public final class AdminServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AdminServer.class);

    private final HttpServer server;
    private final AdminView view;
    private final GatewayMetrics metrics;
    private final String token;
    private final Reloader reloader;
    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public AdminServer(InetSocketAddress address, AdminView view, GatewayMetrics metrics, String token)
            throws IOException {
        this(address, view, metrics, token, null);
    }

    /** @param reloader what {@code POST /admin/reload} runs; null for a gateway that was not started from a file */
    public AdminServer(
            InetSocketAddress address, AdminView view, GatewayMetrics metrics, String token, Reloader reloader)
            throws IOException {
        this.reloader = reloader;
        this.view = requireNonNull(view, "view is null");
        this.metrics = requireNonNull(metrics, "metrics is null");
        this.token = token;
        this.server = HttpServer.create(address, 16);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
    }

    public void start() {
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (method.equals("GET")) {
                switch (path) {
                    case "/metrics" -> text(exchange, 200, metrics.scrape());
                    case "/health" -> send(exchange, 200, view.health());
                    case "/admin/pools" -> send(exchange, 200, view.pools());
                    case "/admin/clients" -> send(exchange, 200, view.clients());
                    case "/admin/servers" -> send(exchange, 200, view.servers());
                    case "/admin/stats" -> send(exchange, 200, view.stats());
                    default -> send(exchange, 404, Map.of("error", "no such page: " + path));
                }
                return;
            }
            if (!method.equals("POST")) {
                send(exchange, 405, Map.of("error", "use GET or POST"));
                return;
            }
            if (!authorized(exchange)) {
                send(exchange, 401, Map.of("error", "missing or wrong admin token"));
                return;
            }
            switch (path) {
                case "/admin/pause" -> {
                    long timeout = longParameter(exchange, "timeoutMillis", 5000);
                    if (timeout < 1 || timeout > 600_000) {
                        send(exchange, 422, Map.of("error", "timeoutMillis: between 1 and 600000"));
                        return;
                    }
                    // How long the answer waits for running transactions; the hold itself lasts timeoutMillis.
                    long drain = longParameter(exchange, "drainMillis", timeout);
                    if (drain < 0 || drain > timeout) {
                        send(exchange, 422, Map.of("error", "drainMillis: between 0 and timeoutMillis"));
                        return;
                    }
                    send(exchange, 200, view.pause(timeout, drain));
                }
                case "/admin/resume" -> send(exchange, 200, view.resume());
                case "/admin/reload" -> reload(exchange);
                default -> send(exchange, 404, Map.of("error", "no such action: " + path));
            }
        } catch (NumberFormatException e) {
            send(exchange, 422, Map.of("error", "timeoutMillis: a whole number of milliseconds"));
        } catch (RuntimeException e) {
            LOG.warn("admin request {} failed: {}", exchange.getRequestURI(), e.toString());
            send(exchange, 500, Map.of("error", String.valueOf(e.getMessage())));
        }
    }

    private void reload(HttpExchange exchange) throws IOException {
        if (reloader == null) {
            send(exchange, 404, Map.of("error", "this gateway was not started from a configuration file"));
            return;
        }
        try {
            send(exchange, 200, reloader.reload());
        } catch (InvalidConfigException e) {
            // Nothing changed: the gateway runs on as it was.
            send(exchange, 422, Map.of("error", e.getMessage()));
        }
    }

    private boolean authorized(HttpExchange exchange) {
        if (token == null) {
            return true;
        }
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        return header != null
                && MessageDigest.isEqual(
                        header.getBytes(StandardCharsets.UTF_8), ("Bearer " + token).getBytes(StandardCharsets.UTF_8));
    }

    private static long longParameter(HttpExchange exchange, String name, long defaultValue) {
        String query = exchange.getRequestURI().getQuery();
        if (query == null) {
            return defaultValue;
        }
        for (String pair : query.split("&")) {
            if (pair.startsWith(name + "=")) {
                return Long.parseLong(pair.substring(name.length() + 1));
            }
        }
        return defaultValue;
    }

    private void send(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = json.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        write(exchange, status, bytes);
    }

    private static void text(HttpExchange exchange, int status, String body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
        write(exchange, status, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void write(HttpExchange exchange, int status, byte[] bytes) throws IOException {
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
