package dev.marina.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marina.engine.postgresql.PostgresInstallation;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A cluster with a gateway component, through the real jar: the control plane starts the gateway as a member of its
 * own, {@code marina connect} goes through it ({@code --direct} bypasses it), a switchover under pgbench load through
 * the gateway fails no client, and a control plane killed with SIGKILL drops no client connection and adopts the
 * gateway without restarting it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GatewayComponentTest {

    private static final String NAME = "front";
    private static final String GATEWAY = "front-gateway-0";
    private static final Duration BOUND = Duration.ofSeconds(90);

    private static Marina marina;
    private static ControlPlaneApi api;
    private static ClusterStatusReader status;

    @BeforeAll
    static void createCluster() throws IOException {
        marina = Marina.withNewHome();
        api = new ControlPlaneApi(marina.home());
        status = new ClusterStatusReader(api, NAME);
        marina.run("up").succeeds();
        Path file = spec("front.yaml", """
                      replicas: 1
                      config:
                        default_pool_size: "4"
                """);
        marina.run("apply", "-f", file.toString()).succeeds();
        marina.run("wait", "cluster", NAME, "--for=ready", "--timeout=120s").succeeds();
    }

    @AfterAll
    static void stop() {
        if (marina != null) {
            marina.close();
        }
    }

    @Test
    @Order(1)
    void connectGoesThroughTheGatewayAndDirectBypassesIt() throws SQLException {
        JsonNode gateway = member(GATEWAY);
        assertThat(gateway.path("state").asText()).isEqualTo("running");
        assertThat(gateway.path("role").asText()).isEqualTo("gateway");
        String gatewayAddress = gateway.path("endpoint").asText();
        assertThat(api.cluster(NAME)
                        .path("status")
                        .path("endpoints")
                        .path("gateway")
                        .get(0)
                        .asText())
                .isEqualTo(gatewayAddress);

        String url = printedUrl();
        String direct = printedUrl("--direct");
        assertThat(Postgres.hosts(url)).containsExactly(gatewayAddress);
        assertThat(Postgres.hosts(direct)).doesNotContain(gatewayAddress).hasSize(2);
        assertThat(direct).contains("target_session_attrs=read-write");

        String primaryAddress = status.endpoints().get(status.primary());
        try (Connection connection = Postgres.connect(url, gatewayAddress);
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE visits (id serial PRIMARY KEY, note text)");
            statement.execute("INSERT INTO visits (note) VALUES ('through the gateway')");
            assertThat(serverPort(statement)).isEqualTo(port(primaryAddress));
        }
        String readOnly = marina.run("connect", NAME, "--print-url", "--read-only")
                .succeeds()
                .stdout()
                .trim();
        String readOnlyAddress = Postgres.hosts(readOnly)[0];
        assertThat(readOnlyAddress).isNotEqualTo(gatewayAddress).startsWith("127.0.0.1:");
        assertThat(inRecovery(readOnly, readOnlyAddress))
                .as("the read-only port lands on a replica")
                .isTrue();
    }

    @Test
    @Order(2)
    void aSwitchoverUnderPgbenchLoadThroughTheGatewayFailsNoClient() throws Exception {
        String url = printedUrl();
        String before = status.primary();
        long gatewayPid = status.pid(GATEWAY);
        Pgbench initialization = Pgbench.start(url, "-i", "-s", "1", "-q");
        assertThat(initialization.await()).as(initialization.output()).isZero();

        // 8 clients on a pool of 4 server connections: transaction pooling under load.
        Pgbench load = Pgbench.start(url, "-n", "-c", "8", "-j", "2", "-T", "15", "-P", "1");
        await().atMost(BOUND).until(() -> load.progressLines() >= 2);
        ControlPlaneApi.Answer created = api.createOperation("{\"cluster\":\"front\",\"type\":\"switchover\"}");
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        String operation = created.body().path("metadata").path("name").asText();
        await().atMost(BOUND)
                .ignoreExceptions()
                .until(() -> api.operation(operation)
                        .path("status")
                        .path("phase")
                        .asText()
                        .equals("Succeeded"));

        int exit = load.await();
        assertThat(exit).as(load.output()).isZero();
        assertThat(load.output()).contains("number of failed transactions: 0 ").doesNotContain("aborted");
        assertThat(status.primary()).isNotEqualTo(before);
        assertThat(status.pid(GATEWAY)).as("the gateway was not restarted").isEqualTo(gatewayPid);
        assertThat(status.reasons()).doesNotContain("GatewayNotDrained", "GatewayNotReleased");
    }

    @Test
    @Order(3)
    void aControlPlaneKilledWithSigkillDropsNoClientAndAdoptsTheGateway() throws Exception {
        String url = printedUrl();
        String gatewayAddress = Postgres.hosts(url)[0];
        long gatewayPid = status.pid(GATEWAY);
        long controlPlane = marina.controlPlanePid();
        try (Connection connection = Postgres.connect(url, gatewayAddress);
                Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO visits (note) VALUES ('before the kill')");
            ProcessHandle.of(controlPlane).ifPresent(ProcessHandle::destroyForcibly);
            await().atMost(BOUND)
                    .until(() -> ProcessHandle.of(controlPlane)
                            .map(process -> !process.isAlive())
                            .orElse(true));

            statement.execute("INSERT INTO visits (note) VALUES ('while the control plane is down')");
            try (Connection fresh = Postgres.connect(url, gatewayAddress);
                    Statement other = fresh.createStatement()) {
                other.execute("INSERT INTO visits (note) VALUES ('a new client while it is down')");
            }

            marina.run("up").succeeds();
            marina.run("wait", "cluster", NAME, "--for=ready", "--timeout=60s").succeeds();
            statement.execute("INSERT INTO visits (note) VALUES ('after the control plane came back')");
        }
        assertThat(status.pid(GATEWAY)).as("adopted, not restarted").isEqualTo(gatewayPid);
    }

    @Test
    @Order(4)
    void gatewaySettingsAreCheckedBeforeAnythingChanges() throws IOException {
        Path file = spec("wrong.yaml", """
                      config:
                        pool_mode: statement
                        default_pool_sise: "4"
                """);

        Marina.Result result = marina.run("apply", "-f", file.toString());

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr())
                .contains("spec.components.gateway.config.pool_mode")
                .contains("transaction or session")
                .contains("did you mean default_pool_size");
        assertThat(api.cluster(NAME).path("metadata").path("generation").asLong())
                .isEqualTo(1);
    }

    /**
     * A report query on the replica holds a lock that the primary's next change needs, so the replica stops applying
     * (for up to max_standby_streaming_delay, 30 s) while it keeps receiving: its lag in seconds grows, the gateway
     * sends read-only transactions to the primary instead, and back to the replica once it caught up.
     */
    @Test
    @Order(5)
    void aReplicaBehindTheLagBudgetInSecondsServesNoReadsUntilItCatchesUp() throws Exception {
        long gatewayPid = status.pid(GATEWAY);
        Path file = spec("budget.yaml", """
                      replicas: 1
                      config:
                        default_pool_size: "4"
                        max_lag_seconds: "1"
                """);
        long reloads = status.count("Reconfigured");
        marina.run("apply", "-f", file.toString()).succeeds();
        // The gateway reads its file again: its clients stay connected, and no new process is started.
        await().atMost(BOUND).until(() -> status.count("Reconfigured") > reloads);
        assertThat(status.events("Reconfigured")).last().asString().contains(GATEWAY);
        assertThat(status.pid(GATEWAY))
                .as("the gateway was reloaded, not restarted")
                .isEqualTo(gatewayPid);
        String replicaName = replicaName();
        String readOnly = printedUrl("--read-only");
        String readOnlyAddress = Postgres.hosts(readOnly)[0];
        String directReplica = printedUrl("--direct", "--read-only");
        String url = printedUrl();
        await().atMost(BOUND).ignoreExceptions().until(() -> inRecovery(readOnly, readOnlyAddress));

        try (Connection report = Postgres.connect(directReplica, Postgres.hosts(directReplica)[0]);
                Statement reportStatement = report.createStatement();
                Connection writer = Postgres.connect(url, Postgres.hosts(url)[0]);
                Statement writes = writer.createStatement()) {
            report.setAutoCommit(false);
            reportStatement.executeQuery("SELECT count(*) FROM visits").close();
            writer.setAutoCommit(false);
            writes.execute("LOCK TABLE visits IN ACCESS EXCLUSIVE MODE");
            writer.commit();
            writer.setAutoCommit(true);
            writes.execute("INSERT INTO visits (note) VALUES ('while the replica waits')");

            await().atMost(Duration.ofSeconds(20))
                    .until(() -> member(replicaName).path("lagSeconds").asLong(0) >= 2);
            await().atMost(Duration.ofSeconds(20))
                    .ignoreExceptions()
                    .until(() -> !inRecovery(readOnly, readOnlyAddress));
            report.commit();
        }
        await().atMost(BOUND).until(() -> member(replicaName).path("lagSeconds").asLong(-1) == 0);
        await().atMost(BOUND).ignoreExceptions().until(() -> inRecovery(readOnly, readOnlyAddress));
    }

    @Test
    @Order(6)
    void aChangedPoolingModeRestartsTheGatewayAsOnlyANewProcessTakesIt() throws Exception {
        long gatewayPid = status.pid(GATEWAY);
        Path file = spec("session.yaml", """
                      replicas: 1
                      config:
                        default_pool_size: "4"
                        max_lag_seconds: "1"
                        pool_mode: session
                """);

        marina.run("apply", "-f", file.toString()).succeeds();

        await().atMost(BOUND)
                .ignoreExceptions()
                .until(() -> status.pid(GATEWAY) != gatewayPid
                        && member(GATEWAY).path("state").asText().equals("running"));
        assertThat(status.events("Restarted")).last().asString().contains(GATEWAY, "pool.mode");
        String url = printedUrl();
        try (Connection connection = Postgres.connect(url, Postgres.hosts(url)[0]);
                Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO visits (note) VALUES ('after the restart')");
        }
    }

    private static String replicaName() {
        for (JsonNode member : api.cluster(NAME).path("status").path("members")) {
            if (member.path("role").asText().equals("replica")) {
                return member.path("name").asText();
            }
        }
        throw new AssertionError("no replica in " + api.cluster(NAME).path("status"));
    }

    /** Whether a new connection through {@code url} lands on a member in recovery (a replica). */
    private static boolean inRecovery(String url, String address) throws SQLException {
        try (Connection connection = Postgres.connect(url, address);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT pg_is_in_recovery()")) {
            rows.next();
            return rows.getBoolean(1);
        }
    }

    /** Cluster front (two PostgreSQL members, synchronous) with {@code gateway} as its gateway component's body. */
    private static Path spec(String fileName, String gateway) throws IOException {
        Path file = marina.home().resolve(fileName);
        Files.writeString(file, """
                apiVersion: marina.dev/v1alpha1
                kind: DatabaseCluster
                metadata:
                  name: front
                spec:
                  engine: postgresql
                  components:
                    postgres:
                      replicas: 2
                    gateway:
                """ + gateway + """
                  availability:
                    synchronous: true
                """);
        return file;
    }

    private static String printedUrl(String... extra) {
        List<String> arguments = new ArrayList<>(List.of("connect", NAME, "--print-url"));
        arguments.addAll(List.of(extra));
        return marina.run(arguments.toArray(String[]::new)).succeeds().stdout().trim();
    }

    private static JsonNode member(String name) {
        for (JsonNode member : api.cluster(NAME).path("status").path("members")) {
            if (member.path("name").asText().equals(name)) {
                return member;
            }
        }
        throw new AssertionError("no member " + name);
    }

    private static int serverPort(Statement statement) throws SQLException {
        try (ResultSet rows = statement.executeQuery("SELECT inet_server_port()")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private static int port(String address) {
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    }

    /** pgbench against a libpq URL, its output collected as it comes. */
    private record Pgbench(Process process, List<String> lines, CompletableFuture<Void> reader) {

        static Pgbench start(String url, String... arguments) throws IOException {
            List<String> command = new ArrayList<>();
            command.add(PostgresInstallation.fromEnvironment(System.getenv()).program("15", "pgbench"));
            command.addAll(List.of(arguments));
            command.add(url);
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            List<String> lines = Collections.synchronizedList(new ArrayList<>());
            CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> {
                try (BufferedReader output =
                        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    output.lines().forEach(lines::add);
                } catch (IOException e) {
                    lines.add("reading pgbench's output failed: " + e);
                }
            });
            return new Pgbench(process, lines, reader);
        }

        long progressLines() {
            synchronized (lines) {
                return lines.stream()
                        .filter(line -> line.startsWith("progress:"))
                        .count();
            }
        }

        int await() throws InterruptedException {
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("pgbench did not finish in 2 minutes:\n" + output());
            }
            reader.join();
            return process.exitValue();
        }

        String output() {
            synchronized (lines) {
                return String.join("\n", lines);
            }
        }
    }
}
