package dev.marina.engine.postgresql;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marina.api.yaml.Serialization;
import dev.marina.control.engine.RoleReport;
import dev.marina.control.member.Credentials;
import dev.marina.control.member.MemberContext;
import dev.marina.control.runtime.RuntimeFailure;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Talks to a gateway member's admin endpoint: its health, for the probe; holding writes around a switchover ({@code
 * POST /admin/pause}, {@code /admin/resume}); and reading its configuration file again ({@code /admin/reload}); the
 * actions with the token the gateway shares with the control plane.
 */
final class GatewayAdmin implements AutoCloseable {

    static final String ROLE = "gateway";
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(1);
    /** A reload reads one small file and builds a TLS context: well under this. */
    private static final Duration RELOAD_TIMEOUT = Duration.ofSeconds(5);

    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(PROBE_TIMEOUT).build();

    /** A gateway that answers its health check is in service; it has no role in replication. */
    Optional<RoleReport> probe(MemberContext member) {
        try {
            HttpResponse<Void> response = client.send(
                    HttpRequest.newBuilder(uri(member, "/health"))
                            .timeout(PROBE_TIMEOUT)
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200
                    ? Optional.of(new RoleReport(ROLE, false, 0, 0, 0, false))
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /**
     * Holds new writes for up to {@code hold} and waits up to {@code drain} until none runs on the primary.
     *
     * @return whether none runs any more
     */
    boolean hold(MemberContext member, Duration hold, Duration drain) {
        JsonNode answer = post(
                member,
                "/admin/pause?timeoutMillis=" + hold.toMillis() + "&drainMillis=" + drain.toMillis(),
                drain.plusSeconds(2));
        return answer.path("drained").asBoolean(false);
    }

    void release(MemberContext member) {
        post(member, "/admin/resume", Duration.ofSeconds(2));
    }

    /**
     * Asks the gateway to read its configuration file again.
     *
     * @return the settings that need a new process (empty when the reload took everything)
     */
    List<String> reload(MemberContext member) {
        HttpResponse<String> response = send(member, "/admin/reload", RELOAD_TIMEOUT);
        if (response.statusCode() == 404) {
            // A gateway from before reloads existed: only a new process reads the file.
            return List.of("the whole configuration (this gateway cannot reload it)");
        }
        JsonNode answer = body(member, "/admin/reload", response);
        List<String> pending = new ArrayList<>();
        answer.path("pendingRestart").forEach(field -> pending.add(field.asText()));
        return List.copyOf(pending);
    }

    private JsonNode post(MemberContext member, String path, Duration timeout) {
        return body(member, path, send(member, path, timeout));
    }

    private static JsonNode body(MemberContext member, String path, HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            throw new RuntimeFailure(member.name() + " answered " + path + " with HTTP " + response.statusCode() + ": "
                    + response.body());
        }
        try {
            return Serialization.json().readTree(response.body());
        } catch (IOException e) {
            throw new RuntimeFailure(member.name() + " answered " + path + " with something other than JSON", e);
        }
    }

    private HttpResponse<String> send(MemberContext member, String path, Duration timeout) {
        try {
            return client.send(
                    HttpRequest.newBuilder(uri(member, path))
                            .timeout(timeout)
                            .header(
                                    "Authorization",
                                    "Bearer " + member.credentials().password(Credentials.GATEWAY))
                            .POST(HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new RuntimeFailure(member.name() + " did not answer " + path + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeFailure("interrupted while asking " + member.name(), e);
        }
    }

    private static URI uri(MemberContext member, String path) {
        return URI.create("http://" + member.endpoint().address(GatewayRenderer.ADMIN_PORT) + path);
    }

    @Override
    public void close() {
        client.close();
    }
}
