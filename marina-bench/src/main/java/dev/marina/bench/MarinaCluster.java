package dev.marina.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The cluster {@value #NAME} of a Marina control plane, as the failover benchmark uses it: created with the CLI as a
 * user would ({@code marina apply}, {@code marina wait}), then looked at through the HTTP API, which answers in
 * milliseconds where each CLI call starts a JVM.
 */
final class MarinaCluster {

    static final String NAME = "orders";

    /**
     * The cluster every benchmark creates: 3 members, synchronous. Failover settings are left at their defaults
     * (automatic, probe every 250 ms, 4 misses), since those are what users get.
     */
    static String specification(String name) {
        return specification(name, Map.of());
    }

    /** The same cluster with PostgreSQL settings of the user's ({@code spec.components.postgres.config}). */
    static String specification(String name, Map<String, String> postgresConfig) {
        return specification(name, postgresConfig, false);
    }

    /** The same, with one gateway member in front when {@code gateway}. */
    static String specification(String name, Map<String, String> postgresConfig, boolean gateway) {
        StringBuilder config = new StringBuilder();
        if (!postgresConfig.isEmpty()) {
            config.append("      config:\n");
            new TreeMap<>(postgresConfig)
                    .forEach((key, value) -> config.append("        ")
                            .append(key)
                            .append(": \"")
                            .append(value)
                            .append("\"\n"));
        }
        return """
                apiVersion: marina.dev/v1alpha1
                kind: DatabaseCluster
                metadata:
                  name: %s
                spec:
                  engine: postgresql
                  version: "15"
                  components:
                    postgres:
                      replicas: 3
                %s%s  availability:
                    synchronous: true
                """.formatted(name, config, gateway ? "    gateway:\n      replicas: 1\n" : "");
    }

    private final MarinaControlPlane marina;
    private final boolean gateway;
    /** How to reach the members themselves, whether or not a gateway stands in front. */
    private final JsonNode connection;
    /** How to reach the cluster through its gateway; null without one. */
    private final JsonNode gatewayConnection;

    private long lastEventId;

    private MarinaCluster(MarinaControlPlane marina, boolean gateway, JsonNode connection, JsonNode gatewayConnection) {
        this.marina = marina;
        this.gateway = gateway;
        this.connection = connection;
        this.gatewayConnection = gatewayConnection;
    }

    static MarinaCluster create(MarinaControlPlane marina) throws IOException, InterruptedException {
        return create(marina, Map.of());
    }

    static MarinaCluster create(MarinaControlPlane marina, Map<String, String> postgresConfig)
            throws IOException, InterruptedException {
        return create(marina, postgresConfig, false);
    }

    /** @param gateway whether the cluster has a gateway member in front of its PostgreSQL members */
    static MarinaCluster create(MarinaControlPlane marina, Map<String, String> postgresConfig, boolean gateway)
            throws IOException, InterruptedException {
        Path file = marina.home().resolve(NAME + ".yaml");
        Files.writeString(file, specification(NAME, postgresConfig, gateway));
        marina.cli("apply", "-f", file.toString());
        marina.cli("wait", "cluster", NAME, "--for=ready", "--timeout=180s");
        String connection = "/api/v1/clusters/" + NAME + "/connection";
        MarinaCluster cluster = new MarinaCluster(
                marina, gateway, marina.get(connection + "?direct=true"), gateway ? marina.get(connection) : null);
        cluster.newEvents();
        return cluster;
    }

    /**
     * Applies the specification again with other PostgreSQL settings, through the API rather than the CLI: a CLI call
     * starts a JVM, which on 2 cores would weigh on the writes being measured.
     */
    void reapply(Map<String, String> postgresConfig) throws IOException, InterruptedException {
        marina.send("POST", "/api/v1/apply", specification(NAME, postgresConfig, gateway));
    }

    List<String> endpoints() {
        List<String> hosts = new ArrayList<>();
        connection.path("hosts").forEach(host -> hosts.add(host.asText()));
        return hosts;
    }

    /** Every member, the primary wherever it is: what the application is told to use. */
    String primaryUrl() {
        return "jdbc:postgresql://" + String.join(",", endpoints()) + "/" + database() + "?targetServerType=primary";
    }

    /** The gateway's read-write address: one host, which follows the primary itself. */
    Optional<String> gatewayUrl() {
        if (gatewayConnection == null) {
            return Optional.empty();
        }
        List<String> hosts = new ArrayList<>();
        gatewayConnection.path("hosts").forEach(host -> hosts.add(host.asText()));
        return Optional.of("jdbc:postgresql://" + String.join(",", hosts) + "/" + database());
    }

    String user() {
        return connection.path("user").asText();
    }

    String password() {
        return connection.path("password").asText();
    }

    String database() {
        return connection.path("database").asText();
    }

    /** The member the status names primary. */
    String primary() throws IOException, InterruptedException {
        return marina.get("/api/v1/clusters/" + NAME)
                .path("status")
                .path("primary")
                .asText();
    }

    /** The postmaster of the member the status names primary; refused unless it runs under this control plane. */
    long primaryPid() throws IOException, InterruptedException {
        JsonNode status = marina.get("/api/v1/clusters/" + NAME).path("status");
        String primary = status.path("primary").asText();
        for (JsonNode member : status.path("members")) {
            if (member.path("name").asText().equals(primary)
                    && member.path("role").asText().equals("primary")) {
                long pid = member.path("pid").asLong();
                if (!marina.startedHere(pid)) {
                    throw new IllegalStateException("the status names pid " + pid + " for primary " + primary
                            + ", which is not a process under " + marina.home() + "; refusing to kill it");
                }
                return pid;
            }
        }
        throw new IllegalStateException("the status names no running primary: " + status);
    }

    /** Events recorded since the previous call, one line each, as {@code marina describe} shows them. */
    List<String> newEvents() throws IOException, InterruptedException {
        List<String> lines = new ArrayList<>();
        for (JsonNode event : marina.get("/api/v1/clusters/" + NAME + "/events?limit=100")) {
            if (event.path("id").asLong() <= lastEventId) {
                continue;
            }
            lastEventId = event.path("id").asLong();
            lines.add(event.path("time").asText() + " " + event.path("reason").asText() + " "
                    + event.path("member").asText() + ": "
                    + event.path("message").asText());
        }
        return lines;
    }
}
