package dev.marina.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Reads the control plane's HTTP API directly, for tests that poll every few tens of milliseconds: a {@code marina}
 * command starts a JVM each time, which is too slow to time a failover with.
 */
final class ControlPlaneApi {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path home;
    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    ControlPlaneApi(Path home) {
        this.home = home;
    }

    JsonNode cluster(String name) {
        return get("/api/v1/clusters/" + name);
    }

    JsonNode connection(String name) {
        return get("/api/v1/clusters/" + name + "/connection");
    }

    JsonNode events(String name) {
        return get("/api/v1/clusters/" + name + "/events?limit=500");
    }

    JsonNode operation(String name) {
        return get("/api/v1/operations/" + name);
    }

    JsonNode operations(String cluster) {
        return get("/api/v1/operations?cluster=" + cluster);
    }

    /** Creates an operation; returns the answer's status code and body, refusals included. */
    Answer createOperation(String specJson) {
        return post("/api/v1/operations", specJson);
    }

    Answer cancelOperation(String name) {
        return post("/api/v1/operations/" + name + "/cancel", "");
    }

    /** A status code and a body. */
    record Answer(int status, JsonNode body) {}

    private Answer post(String path, String body) {
        try {
            JsonNode server = JSON.readTree(Files.readString(home.resolve("server.json")));
            HttpRequest request = HttpRequest.newBuilder(
                            URI.create("http://" + server.path("address").asText() + path))
                    .header("Authorization", "Bearer " + server.path("token").asText())
                    .header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build();
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), JSON.readTree(response.body()));
        } catch (IOException e) {
            throw new IllegalStateException("POST " + path + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private JsonNode get(String path) {
        try {
            JsonNode server = JSON.readTree(Files.readString(home.resolve("server.json")));
            HttpRequest request = HttpRequest.newBuilder(
                            URI.create("http://" + server.path("address").asText() + path))
                    .header("Authorization", "Bearer " + server.path("token").asText())
                    .timeout(Duration.ofSeconds(5))
                    .GET()
                    .build();
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(
                        "GET " + path + " answered " + response.statusCode() + ": " + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("GET " + path + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
