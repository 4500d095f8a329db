package dev.marina.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.UUID;

/**
 * Stands in for {@code dev.marina.server.ServerMain} when tests run {@code marina up} for real: a separate process
 * that serves health, status and shutdown, and writes server.json the way the real control plane does. With
 * FAKE_SERVER_MODE=fail it prints a line and exits at once, like a control plane that cannot start.
 */
public final class FakeServerMain {

    private FakeServerMain() {}

    public static void main(String[] args) throws IOException {
        Path home = Path.of(System.getenv("MARINA_HOME"));
        if ("fail".equals(System.getenv("FAKE_SERVER_MODE"))) {
            System.out.println("fake control plane: cannot open the store, failing on purpose");
            System.exit(4);
        }
        String token = UUID.randomUUID().toString();
        long pid = ProcessHandle.current().pid();
        String startedAt = Instant.now().toString();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        String address = "127.0.0.1:" + server.getAddress().getPort();
        server.createContext("/api/v1/health", exchange -> answer(exchange, 200, "{\"status\":\"ok\"}"));
        server.createContext("/api/v1/status", exchange -> {
            if (!("Bearer " + token).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                answer(exchange, 401, "{\"error\":\"unauthorized\"}");
                return;
            }
            answer(
                    exchange,
                    200,
                    "{\"version\":\"test\",\"pid\":" + pid + ",\"address\":\"" + address + "\",\"home\":\"" + home
                            + "\",\"startedAt\":\"" + startedAt + "\",\"clusters\":0,\"runtime\":\"local\"}");
        });
        server.createContext("/api/v1/shutdown", exchange -> {
            answer(exchange, 202, "");
            Thread.ofPlatform().start(() -> {
                server.stop(0);
                System.exit(0);
            });
        });
        server.start();
        System.out.println("fake control plane listening on " + address);
        Path temporary = home.resolve("server.json.tmp");
        Files.writeString(
                temporary,
                "{\"pid\": " + pid + ", \"address\": \"" + address + "\", \"token\": \"" + token
                        + "\", \"startedAt\": \"" + startedAt + "\"}");
        Files.move(temporary, home.resolve("server.json"), StandardCopyOption.ATOMIC_MOVE);
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream output = exchange.getResponseBody()) {
            output.write(bytes);
        }
    }
}
