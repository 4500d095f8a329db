package dev.marina.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The foundation end to end: the real jar, a real control plane in the background, three real PostgreSQL processes.
 * One cluster goes through its whole life, in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterLifecycleTest {

    private static final String CLUSTER = """
            apiVersion: marina.dev/v1alpha1
            kind: DatabaseCluster
            metadata:
              name: orders
            spec:
              engine: postgresql
              version: "15"
              components:
                postgres:
                  replicas: 3
                  config:
                    max_connections: "50"
              availability:
                synchronous: true
            """;

    private static Marina marina;
    private static Path file;

    @BeforeAll
    static void startControlPlane() throws Exception {
        marina = Marina.withNewHome();
        file = marina.home().resolve("orders.yaml");
        Files.writeString(file, CLUSTER);
        marina.run("up").succeeds();
    }

    @AfterAll
    static void stop() {
        if (marina != null) {
            marina.close();
        }
    }

    @Test
    @Order(1)
    void invalidFileChangesNothingEvenWhenOneOfSeveralDocumentsIsBad() throws Exception {
        Path bad = marina.home().resolve("bad.yaml");
        Files.writeString(
                bad,
                CLUSTER.replace("orders", "good") + "---\n"
                        + CLUSTER.replace("orders", "bad").replace("replicas: 3", "replcas: 3"));
        Marina.Result result = marina.run("apply", "-f", bad.toString());
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).contains("spec.components.postgres.replcas").contains("replicas");
        assertThat(result.stderr()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(marina.run("get", "clusters", "-o", "json").succeeds().json())
                .isEmpty();
    }

    @Test
    @Order(2)
    void createsThreeMembersWithOnePrimaryAndTwoStreamingReplicas() {
        assertThat(marina.run("apply", "-f", file.toString()).succeeds().stdout())
                .contains("orders")
                .contains("created");
        marina.run("wait", "cluster", "orders", "--for=ready", "--timeout=120s").succeeds();

        JsonNode cluster = marina.cluster("orders");
        assertThat(cluster.path("apiVersion").asText()).isEqualTo("marina.dev/v1alpha1");
        assertThat(cluster.path("kind").asText()).isEqualTo("DatabaseCluster");
        JsonNode status = cluster.path("status");
        assertThat(status.path("phase").asText()).isEqualTo("Ready");
        assertThat(status.path("observedGeneration").asLong()).isEqualTo(1);
        List<String> roles = new ArrayList<>();
        List<String> states = new ArrayList<>();
        for (JsonNode member : status.path("members")) {
            roles.add(member.path("role").asText());
            states.add(member.path("state").asText());
            assertThat(member.path("epoch").asLong()).isEqualTo(1);
            assertThat(member.path("endpoint").asText()).matches("127\\.0\\.0\\.1:\\d+");
            assertThat(member.path("component").asText()).isEqualTo("postgres");
        }
        assertThat(roles).containsExactlyInAnyOrder("primary", "replica", "replica");
        assertThat(states).containsExactlyInAnyOrder("running", "streaming", "streaming");
        assertThat(status.path("primary").asText()).startsWith("orders-postgres-");
        assertThat(conditionStatus(status, "Ready")).isEqualTo("True");
        assertThat(conditionStatus(status, "Degraded")).isEqualTo("False");
    }

    @Test
    @Order(3)
    void rowWrittenOnThePrimaryIsVisibleOnBothReplicas() throws Exception {
        String url = marina.run("connect", "orders", "--print-url")
                .succeeds()
                .stdout()
                .strip();
        assertThat(url).startsWith("postgresql://app:").contains("target_session_attrs=read-write");
        String primary = endpointOf(marina.cluster("orders"), "primary").get(0);
        try (Connection connection = Postgres.connect(url, primary);
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE acknowledged (id int PRIMARY KEY, note text)");
            statement.execute("INSERT INTO acknowledged VALUES (1, 'written on the primary')");
            try (ResultSet result = statement.executeQuery("SHOW synchronous_standby_names")) {
                result.next();
                assertThat(result.getString(1)).startsWith("ANY 1 (");
            }
        }
        for (String replica : endpointOf(marina.cluster("orders"), "replica")) {
            await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> {
                try (Connection connection = Postgres.connect(url, replica);
                        Statement statement = connection.createStatement();
                        ResultSet result =
                                statement.executeQuery("SELECT note, pg_is_in_recovery() FROM acknowledged")) {
                    assertThat(result.next()).isTrue();
                    assertThat(result.getString(1)).isEqualTo("written on the primary");
                    assertThat(result.getBoolean(2)).isTrue();
                }
            });
        }
    }

    @Test
    @Order(4)
    void psqlConnectsWithThePrintedUrlWithoutAPrompt() throws Exception {
        String url = marina.run("connect", "orders", "--print-url")
                .succeeds()
                .stdout()
                .strip();
        Process psql = new ProcessBuilder("psql", url, "-Atc", "SELECT count(*) FROM acknowledged")
                .redirectErrorStream(true)
                .start();
        psql.getOutputStream().close();
        String output = new String(psql.getInputStream().readAllBytes());
        assertThat(psql.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(psql.exitValue()).as(output).isZero();
        assertThat(output.strip()).isEqualTo("1");

        String readOnly = marina.run("connect", "orders", "--print-url", "--read-only")
                .succeeds()
                .stdout()
                .strip();
        Process replica = new ProcessBuilder("psql", readOnly, "-Atc", "SELECT pg_is_in_recovery()")
                .redirectErrorStream(true)
                .start();
        replica.getOutputStream().close();
        String answer = new String(replica.getInputStream().readAllBytes());
        assertThat(replica.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(answer.strip()).as(answer).isEqualTo("t");
    }

    @Test
    @Order(5)
    void controlPlaneKilledWithSigkillAdoptsRunningMembersWithoutRestartingThem() {
        Map<String, Long> before = memberPids(marina.cluster("orders"));
        long controlPlane = marina.controlPlanePid();
        ProcessHandle.of(controlPlane).orElseThrow().destroyForcibly();
        await().atMost(10, TimeUnit.SECONDS)
                .until(() -> ProcessHandle.of(controlPlane).isEmpty());

        marina.run("up").succeeds();
        assertThat(marina.controlPlanePid()).isNotEqualTo(controlPlane);
        // Let the new control plane observe the members at least twice: nothing may be restarted.
        await().atMost(20, TimeUnit.SECONDS)
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    JsonNode status = marina.cluster("orders").path("status");
                    assertThat(status.path("phase").asText()).isEqualTo("Ready");
                    assertThat(memberPids(marina.cluster("orders"))).isEqualTo(before);
                });
        assertThat(before.values())
                .allMatch(
                        pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        String described =
                marina.run("describe", "cluster", "orders").succeeds().stdout();
        assertThat(described).contains("orders-postgres-0", "orders-postgres-1", "orders-postgres-2", "Initialized");
        assertThat(described).doesNotContain("Started orders-postgres");
    }

    @Test
    @Order(6)
    void scalingOutAndInNeverTouchesThePrimaryAndNeverReusesAnOrdinal() throws Exception {
        JsonNode before = marina.cluster("orders");
        String primary = before.path("status").path("primary").asText();
        long primaryPid = memberPids(before).get(primary);

        Files.writeString(file, CLUSTER.replace("replicas: 3", "replicas: 4"));
        marina.run("apply", "-f", file.toString()).succeeds();
        marina.run("wait", "cluster", "orders", "--for=ready", "--timeout=120s").succeeds();
        assertThat(memberPids(marina.cluster("orders")))
                .containsKey("orders-postgres-3")
                .hasSize(4);

        Files.writeString(file, CLUSTER.replace("replicas: 3", "replicas: 2"));
        marina.run("apply", "-f", file.toString()).succeeds();
        marina.run("wait", "cluster", "orders", "--for=ready", "--timeout=120s").succeeds();
        JsonNode after = marina.cluster("orders");
        Map<String, Long> pids = memberPids(after);
        assertThat(pids).hasSize(2).containsEntry(primary, primaryPid);
        assertThat(after.path("status").path("primary").asText()).isEqualTo(primary);
        assertThat(endpointOf(after, "replica")).hasSize(1);
        assertThat(countRows()).isEqualTo(1);
        // Removed members leave no replication slot behind to hold WAL on the primary.
        String replica = pids.keySet().stream()
                .filter(name -> !name.equals(primary))
                .findFirst()
                .orElseThrow();
        assertThat(replicationSlots()).containsExactly(replica.replace('-', '_'));

        // Back to three: the new member gets a new ordinal, never one that was removed.
        Files.writeString(file, CLUSTER);
        marina.run("apply", "-f", file.toString()).succeeds();
        marina.run("wait", "cluster", "orders", "--for=ready", "--timeout=120s").succeeds();
        assertThat(memberPids(marina.cluster("orders")))
                .containsKey("orders-postgres-4")
                .hasSize(3);
    }

    @Test
    @Order(7)
    void downStopsEveryMemberAndUpBringsTheSameDataBack() throws Exception {
        marina.run("down").succeeds();
        assertThat(marina.engineProcesses()).isEmpty();
        assertThat(marina.run("status").exitCode()).isEqualTo(3);

        marina.run("up").succeeds();
        marina.run("wait", "cluster", "orders", "--for=ready", "--timeout=120s").succeeds();
        assertThat(countRows()).isEqualTo(1);
    }

    @Test
    @Order(8)
    void deletionProtectionRefusesDelete() throws Exception {
        Files.writeString(file, CLUSTER.replace("  availability:", "  deletionProtection: true\n  availability:"));
        assertThat(marina.run("apply", "-f", file.toString()).succeeds().stdout())
                .contains("configured");
        Marina.Result refused = marina.run("delete", "cluster", "orders", "--purge");
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.stderr()).contains("deletionProtection");
        assertThat(marina.cluster("orders").path("status").path("phase").asText())
                .isNotEqualTo("Deleting");
        Files.writeString(file, CLUSTER);
        marina.run("apply", "-f", file.toString()).succeeds();
    }

    @Test
    @Order(9)
    void deleteWithoutPurgeKeepsTheDataForTheNextClusterOfThatName() throws Exception {
        Path data = marina.home().resolve("clusters/orders");
        marina.run("delete", "cluster", "orders").succeeds();
        assertThat(marina.run("get", "cluster", "orders").exitCode()).isNotZero();
        assertThat(marina.engineProcesses()).isEmpty();
        assertThat(data).isDirectory();

        marina.run("apply", "-f", file.toString()).succeeds();
        marina.run("wait", "cluster", "orders", "--for=ready", "--timeout=120s").succeeds();
        assertThat(countRows()).isEqualTo(1);
        JsonNode status = marina.cluster("orders").path("status");
        assertThat(endpointOf(marina.cluster("orders"), "primary")).hasSize(1);
        assertThat(status.path("members")).hasSize(3);
    }

    @Test
    @Order(10)
    void deleteWithPurgeRemovesMembersAndData() {
        marina.run("delete", "cluster", "orders", "--purge").succeeds();
        assertThat(marina.run("get", "clusters", "-o", "json").succeeds().json())
                .isEmpty();
        assertThat(marina.engineProcesses()).isEmpty();
        assertThat(marina.home().resolve("clusters/orders")).doesNotExist();
    }

    private static List<String> replicationSlots() throws Exception {
        String url = marina.run("connect", "orders", "--print-url")
                .succeeds()
                .stdout()
                .strip();
        String primary = endpointOf(marina.cluster("orders"), "primary").get(0);
        List<String> slots = new ArrayList<>();
        try (Connection connection = Postgres.connect(url, primary);
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT slot_name FROM pg_replication_slots ORDER BY 1")) {
            while (result.next()) {
                slots.add(result.getString(1));
            }
        }
        return slots;
    }

    private static long countRows() throws Exception {
        String url = marina.run("connect", "orders", "--print-url")
                .succeeds()
                .stdout()
                .strip();
        String primary = endpointOf(marina.cluster("orders"), "primary").get(0);
        try (Connection connection = Postgres.connect(url, primary);
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT count(*) FROM acknowledged")) {
            result.next();
            return result.getLong(1);
        }
    }

    private static String conditionStatus(JsonNode status, String type) {
        for (JsonNode condition : status.path("conditions")) {
            if (condition.path("type").asText().equals(type)) {
                return condition.path("status").asText();
            }
        }
        return "missing";
    }

    static List<String> endpointOf(JsonNode cluster, String role) {
        List<String> endpoints = new ArrayList<>();
        for (JsonNode member : cluster.path("status").path("members")) {
            if (member.path("role").asText().equals(role)) {
                endpoints.add(member.path("endpoint").asText());
            }
        }
        return endpoints;
    }

    static Map<String, Long> memberPids(JsonNode cluster) {
        Map<String, Long> pids = new HashMap<>();
        for (JsonNode member : cluster.path("status").path("members")) {
            pids.put(member.path("name").asText(), member.path("pid").asLong());
        }
        return pids;
    }
}
