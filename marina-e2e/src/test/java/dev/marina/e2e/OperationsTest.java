package dev.marina.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marina.testkit.chaos.ChaosReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Day-2 operations against the real jar and real PostgreSQL, on one synchronous cluster, in order: refusals, a
 * switchover under load, configuration changes that reload or roll, a control plane killed in the middle of a rolling
 * update, cancel, scaling and the decommission of a named member.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperationsTest {

    private static final String NAME = "shop";
    private static final Duration BOUND = Duration.ofSeconds(90);

    private static Marina marina;
    private static ControlPlaneApi api;
    private static ClusterStatusReader status;

    @BeforeAll
    static void createCluster() throws Exception {
        marina = Marina.withNewHome();
        api = new ControlPlaneApi(marina.home());
        status = new ClusterStatusReader(api, NAME);
        marina.run("up").succeeds();
        apply(3, Map.of());
        marina.run("wait", "cluster", NAME, "--for=ready", "--timeout=120s").succeeds();
        ChaosRun.prepare(api, NAME);
    }

    @AfterAll
    static void stop() {
        if (marina != null) {
            marina.close();
        }
    }

    @Test
    @Order(1)
    void everyPreflightRefusalNamesWhatIsWrongAndCreatesNothing() {
        String primary = status.primary();
        String replica = status.replicas().get(0);

        refused(
                409,
                "{\"cluster\":\"shop\",\"type\":\"switchover\",\"to\":\"" + primary + "\"}",
                "already the primary");
        refused(409, "{\"cluster\":\"shop\",\"type\":\"switchover\",\"to\":\"shop-postgres-7\"}", "has no member");
        refused(409, "{\"cluster\":\"shop\",\"type\":\"rebuild\",\"member\":\"" + primary + "\"}", "switch over first");
        refused(
                409,
                "{\"cluster\":\"shop\",\"type\":\"scale\",\"component\":\"postgres\",\"replicas\":1}",
                "last replica");
        refused(
                409,
                "{\"cluster\":\"shop\",\"type\":\"scale\",\"component\":\"gateway\",\"replicas\":2}",
                "no component");
        refused(
                409,
                "{\"cluster\":\"shop\",\"type\":\"scale\",\"component\":\"postgres\",\"replicas\":12}",
                "out of range");
        refused(422, "{\"cluster\":\"shop\",\"type\":\"rebuild\"}", "spec.member");
        refused(422, "{\"cluster\":\"shop\",\"type\":\"reboot\"}", "not an operation type");
        refused(422, "{\"cluster\":\"shop\",\"type\":\"restart\",\"to\":\"" + replica + "\"}", "does not apply");
        refused(404, "{\"cluster\":\"ghost\",\"type\":\"restart\"}", "not found");

        assertThat(api.operations(NAME)).isEmpty();
        assertThat(api.cluster(NAME).path("metadata").path("generation").asLong())
                .isEqualTo(1);
    }

    @Test
    @Order(2)
    void switchoverToANamedReplicaUnderLoadLosesNoAcknowledgedWrite() throws Exception {
        String primary = status.primary();
        String target = status.replicas().get(1);
        try (ChaosRun run = new ChaosRun(api, NAME).start()) {
            run.awaitMoreAcks(200);
            JsonNode operation = create("{\"cluster\":\"shop\",\"type\":\"switchover\",\"to\":\"" + target + "\"}");

            JsonNode finished = awaitFinished(operation);

            assertThat(finished.path("status").path("phase").asText())
                    .as(finished.toString())
                    .isEqualTo("Succeeded");
            ChaosReport report = run.finish(3, BOUND);
            assertThat(report.problems()).as(report.summary()).isEmpty();
        }
        assertThat(status.primary()).isEqualTo(target);
        assertThat(status.role(primary)).isEqualTo("replica");
        assertThat(status.reasons()).contains("SwitchoverStarted", "Promoted", "Rejoined");
    }

    @Test
    @Order(3)
    void aReloadOnlyChangeRestartsNobody() throws Exception {
        Map<String, Long> before = status.pids();

        apply(3, Map.of("work_mem", "8MB"));

        await().atMost(BOUND)
                .ignoreExceptions()
                .until(() -> setting(status.primary(), "work_mem").equals("8MB"));
        for (String replica : status.replicas()) {
            await().atMost(BOUND)
                    .ignoreExceptions()
                    .until(() -> setting(replica, "work_mem").equals("8MB"));
        }
        assertThat(status.pids()).isEqualTo(before);
        assertThat(api.operations(NAME)).hasSize(1);
    }

    @Test
    @Order(4)
    void aRestartRequiringChangeRollsReplicasFirstAndThePrimaryLast() throws Exception {
        String primary = status.primary();
        int restartsBefore = status.events("Restarted").size();

        apply(3, Map.of("work_mem", "8MB", "shared_buffers", "48MB"));
        JsonNode update = awaitOperation("rolling-update");
        JsonNode finished = awaitFinished(update);

        assertThat(finished.path("status").path("phase").asText())
                .as(finished.toString())
                .isEqualTo("Succeeded");
        List<String> restarted = status.events("Restarted")
                .subList(restartsBefore, status.events("Restarted").size());
        assertThat(restarted).hasSize(2).noneMatch(event -> event.startsWith(primary + ":"));
        assertThat(status.primary()).isNotEqualTo(primary);
        awaitSettingEverywhere("shared_buffers", "48MB");
        assertThat(api.operations(NAME))
                .as("one change, one rolling update")
                .filteredOn(operation ->
                        operation.path("spec").path("type").asText().equals("rolling-update"))
                .hasSize(1);
    }

    @Test
    @Order(5)
    void aControlPlaneKilledDuringARollingUpdateFinishesIt() throws Exception {
        apply(3, Map.of("work_mem", "8MB", "shared_buffers", "40MB"));
        JsonNode update = awaitOperation("rolling-update");
        String name = update.path("metadata").path("name").asText();
        await().atMost(BOUND).pollInterval(Duration.ofMillis(20)).until(() -> stepsDone(api.operation(name)) >= 1);

        ProcessHandle.of(marina.controlPlanePid()).orElseThrow().destroyForcibly();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> !Files.exists(marina.home().resolve("server.json")) || !isAlive(marina.home()));
        marina.run("up").succeeds();

        JsonNode finished = awaitFinished(api.operation(name));
        assertThat(finished.path("status").path("phase").asText())
                .as(finished.toString())
                .isEqualTo("Succeeded");
        awaitSettingEverywhere("shared_buffers", "40MB");
        marina.run("wait", "cluster", NAME, "--for=ready", "--timeout=90s").succeeds();
    }

    @Test
    @Order(6)
    void aQueuedOperationAndARunningOneCanBeCancelled() {
        String primary = status.primary();
        JsonNode rolling = create("{\"cluster\":\"shop\",\"type\":\"restart\"}");
        JsonNode queued = create("{\"cluster\":\"shop\",\"type\":\"switchover\"}");
        assertThat(queued.path("status").path("message").asText())
                .isEqualTo(
                        "queued behind " + rolling.path("metadata").path("name").asText());

        ControlPlaneApi.Answer second =
                api.cancelOperation(queued.path("metadata").path("name").asText());
        ControlPlaneApi.Answer first =
                api.cancelOperation(rolling.path("metadata").path("name").asText());

        assertThat(second.status()).isEqualTo(200);
        assertThat(second.body().path("status").path("phase").asText()).isEqualTo("Cancelled");
        assertThat(first.status()).isEqualTo(200);
        JsonNode finished = awaitFinished(first.body());
        assertThat(finished.path("status").path("phase").asText()).isEqualTo("Cancelled");
        List<String> states = new ArrayList<>();
        finished.path("status")
                .path("steps")
                .forEach(step -> states.add(step.path("state").asText()));
        assertThat(states.subList(1, states.size())).containsOnly("Cancelled");
        assertThat(status.primary()).isEqualTo(primary);
        marina.run("wait", "cluster", NAME, "--for=ready", "--timeout=90s").succeeds();
    }

    @Test
    @Order(7)
    void scaleOutToFiveThenInToTwoNeverTouchesThePrimary() {
        String primary = status.primary();
        long primaryPid = status.pids().get(primary);

        JsonNode out = awaitFinished(
                create("{\"cluster\":\"shop\",\"type\":\"scale\",\"component\":\"postgres\",\"replicas\":5}"));
        assertThat(out.path("status").path("phase").asText()).as(out.toString()).isEqualTo("Succeeded");
        assertThat(status.pids()).hasSize(5);

        JsonNode in = awaitFinished(
                create("{\"cluster\":\"shop\",\"type\":\"scale\",\"component\":\"postgres\",\"replicas\":2}"));
        assertThat(in.path("status").path("phase").asText()).as(in.toString()).isEqualTo("Succeeded");

        marina.run("wait", "cluster", NAME, "--for=ready", "--timeout=90s").succeeds();
        assertThat(status.pids()).hasSize(2).containsEntry(primary, primaryPid);
        assertThat(status.primary()).isEqualTo(primary);
    }

    @Test
    @Order(8)
    void decommissionOfTheMiddleMemberKeepsTheOthersNamesPortsAndProcesses() {
        awaitFinished(create("{\"cluster\":\"shop\",\"type\":\"scale\",\"component\":\"postgres\",\"replicas\":3}"));
        marina.run("wait", "cluster", NAME, "--for=ready", "--timeout=90s").succeeds();
        List<String> members = new ArrayList<>(status.pids().keySet());
        members.sort((left, right) -> Integer.compare(ordinal(left), ordinal(right)));
        String middle = members.get(1);
        if (middle.equals(status.primary())) {
            // Decommissioning a primary switches over first, which restarts the old primary; here the point is a
            // replica leaving without anyone else noticing.
            awaitFinished(create("{\"cluster\":\"shop\",\"type\":\"switchover\",\"to\":\"" + members.get(0) + "\"}"));
            marina.run("wait", "cluster", NAME, "--for=ready", "--timeout=90s").succeeds();
        }
        Map<String, Long> pidsBefore = status.pids();
        Map<String, String> endpointsBefore = status.endpoints();
        pidsBefore.remove(middle);
        endpointsBefore.remove(middle);

        JsonNode finished =
                awaitFinished(create("{\"cluster\":\"shop\",\"type\":\"decommission\",\"member\":\"" + middle + "\"}"));

        assertThat(finished.path("status").path("phase").asText())
                .as(finished.toString())
                .isEqualTo("Succeeded");
        // The operation's record says Succeeded in the pass that removed the member; the status of that pass is saved
        // a moment later.
        await().atMost(BOUND)
                .alias("the status no longer lists " + middle)
                .until(() -> !status.pids().containsKey(middle));
        assertThat(status.pids().keySet()).containsExactlyInAnyOrderElementsOf(endpointsBefore.keySet());
        assertThat(status.endpoints()).isEqualTo(endpointsBefore);
        assertThat(status.pids()).isEqualTo(pidsBefore);
        assertThat(Files.exists(memberDirectory(middle).resolve("data"))).isFalse();
        assertThat(api.cluster(NAME)
                        .path("spec")
                        .path("components")
                        .path("postgres")
                        .path("replicas")
                        .asInt())
                .isEqualTo(2);
    }

    @Test
    @Order(9)
    void theCliPlansRefusesAndFollowsOperations() {
        String primary = status.primary();
        String replica = status.replicas().get(0);

        Marina.Result plan = marina.run("op", "switchover", NAME, "--dry-run").succeeds();
        assertThat(plan.stdout()).contains("1. switch over from " + primary, "2. wait until " + primary, "dry run");

        Marina.Result refused = marina.run("op", "rebuild", NAME, primary);
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.stderr()).contains("switch over first");

        marina.run("op", "restart", NAME, replica, "--wait", "--timeout=90s").succeeds();
        assertThat(marina.run("get", "ops", NAME).succeeds().stdout()).contains(NAME + "-restart-");
        JsonNode operations =
                marina.run("get", "ops", NAME, "-o", "json").succeeds().json();
        String last = operations
                .get(operations.size() - 1)
                .path("metadata")
                .path("name")
                .asText();
        assertThat(marina.run("describe", "op", last).succeeds().stdout()).contains("Succeeded", replica);
    }

    // Helpers

    private static void apply(int replicas, Map<String, String> config) throws Exception {
        StringBuilder yaml = new StringBuilder("""
                apiVersion: marina.dev/v1alpha1
                kind: DatabaseCluster
                metadata:
                  name: shop
                spec:
                  engine: postgresql
                  components:
                    postgres:
                """);
        yaml.append("      replicas: ").append(replicas).append('\n');
        if (!config.isEmpty()) {
            yaml.append("      config:\n");
            config.forEach((key, value) -> yaml.append("        ")
                    .append(key)
                    .append(": \"")
                    .append(value)
                    .append("\"\n"));
        }
        yaml.append("  availability:\n    synchronous: true\n");
        Path file = marina.home().resolve("shop.yaml");
        Files.writeString(file, yaml.toString());
        marina.run("apply", "-f", file.toString()).succeeds();
    }

    private static void refused(int status, String body, String message) {
        ControlPlaneApi.Answer answer = api.createOperation(body);
        assertThat(answer.status()).as(body + " -> " + answer.body()).isEqualTo(status);
        assertThat(answer.body().toString()).as(body).contains(message);
    }

    private static JsonNode create(String body) {
        ControlPlaneApi.Answer answer = api.createOperation(body);
        assertThat(answer.status()).as(answer.body().toString()).isEqualTo(201);
        return answer.body();
    }

    private static JsonNode awaitFinished(JsonNode operation) {
        String name = operation.path("metadata").path("name").asText();
        JsonNode[] latest = {operation};
        await().atMost(BOUND)
                .pollInterval(Duration.ofMillis(100))
                .ignoreExceptions()
                .alias("operation " + name + " finishes")
                .until(() -> {
                    latest[0] = api.operation(name);
                    String phase = latest[0].path("status").path("phase").asText();
                    return phase.equals("Succeeded") || phase.equals("Failed") || phase.equals("Cancelled");
                });
        return latest[0];
    }

    /** The newest operation of {@code type}, once one exists that is not finished. */
    private static JsonNode awaitOperation(String type) {
        JsonNode[] found = {null};
        await().atMost(BOUND).pollInterval(Duration.ofMillis(50)).until(() -> {
            for (JsonNode operation : api.operations(NAME)) {
                String phase = operation.path("status").path("phase").asText();
                if (operation.path("spec").path("type").asText().equals(type)
                        && (phase.equals("Pending") || phase.equals("Running"))) {
                    found[0] = operation;
                }
            }
            return found[0] != null;
        });
        return found[0];
    }

    private static long stepsDone(JsonNode operation) {
        long done = 0;
        for (JsonNode step : operation.path("status").path("steps")) {
            if (step.path("state").asText().equals("Succeeded")
                    || step.path("state").asText().equals("Skipped")) {
                done++;
            }
        }
        return done;
    }

    private static boolean isAlive(Path home) {
        try {
            JsonNode server = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(Files.readString(home.resolve("server.json")));
            return ProcessHandle.of(server.path("pid").asLong())
                    .map(ProcessHandle::isAlive)
                    .orElse(false);
        } catch (Exception e) {
            return false;
        }
    }

    private static void awaitSettingEverywhere(String name, String value) {
        for (String member : status.pids().keySet()) {
            await().atMost(BOUND)
                    .ignoreExceptions()
                    .alias(member + " runs with " + name + " = " + value)
                    .until(() -> setting(member, name).equals(value));
        }
    }

    private static String setting(String member, String name) throws Exception {
        JsonNode connection = api.connection(NAME);
        try (Connection session = DriverManager.getConnection(
                        "jdbc:postgresql://" + status.endpoints().get(member) + "/"
                                + connection.path("database").asText(),
                        connection.path("user").asText(),
                        connection.path("password").asText());
                Statement statement = session.createStatement();
                ResultSet result = statement.executeQuery("SHOW " + name)) {
            result.next();
            return result.getString(1);
        }
    }

    private static int ordinal(String member) {
        return Integer.parseInt(member.substring(member.lastIndexOf('-') + 1));
    }

    private static Path memberDirectory(String member) {
        return marina.home().resolve("clusters").resolve(NAME).resolve(member);
    }
}
