package dev.marina.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.marina.gateway.config.GatewayConfig;
import dev.marina.gateway.routing.Route;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /admin/reload}: the gateway reads its file again and applies pool sizes, limits, routing and users to
 * the clients it has, reports what needs a restart, and changes nothing when the file is wrong.
 */
@Timeout(120)
class GatewayReloadTest {

    private static final String TOKEN = "reload-test-token";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static GatewayCluster cluster;
    private static Path file;
    private static Gateway gateway;
    private static GatewayConfig original;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start(@TempDir Path directory) throws Exception {
        cluster = GatewayCluster.start("gwreload");
        original = cluster.config("transaction", 1).withAdminToken(TOKEN);
        file = directory.resolve("gateway.json");
        write(original);
        gateway = Gateway.start(original, new SqlInspector(), file);
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    /** Each test starts from the file the gateway started with. */
    @BeforeEach
    void restoreTheFile() throws Exception {
        write(original);
        assertThat(reload().statusCode()).isEqualTo(200);
    }

    @Test
    void aLargerPoolServesAQueuedClientWhileTheFirstKeepsItsTransaction() throws Exception {
        try (Connection first = connect();
                Statement firstStatement = first.createStatement();
                Connection second = connect()) {
            first.setAutoCommit(false);
            firstStatement.execute("SELECT 1");
            // The pool's one server connection is lent to the open transaction: the second client queues.
            CompletableFuture<String> queued = CompletableFuture.supplyAsync(() -> query(second, "SELECT 'served'"));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> primaryPool().path("waiting").asInt() == 1);
            assertThat(queued).isNotDone();

            write(original.withPool(original.pool().withSize(2)));
            HttpResponse<String> answer = reload();

            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(answer.body()).path("applied").toString()).contains("pool.size");
            assertThat(JSON.readTree(answer.body()).path("pendingRestart")).isEmpty();
            assertThat(queued.get(10, TimeUnit.SECONDS)).isEqualTo("served");
            assertThat(primaryPool().path("size").asInt()).isEqualTo(2);
            // The first client never noticed.
            assertThat(query(first, "SELECT 'still here'")).isEqualTo("still here");
            first.commit();
        }
    }

    @Test
    void aSmallerPoolClosesTheIdleConnectionsBeyondIt() throws Exception {
        write(original.withPool(original.pool().withSize(3)));
        assertThat(reload().statusCode()).isEqualTo(200);
        try (Connection first = connect();
                Connection second = connect();
                Connection third = connect()) {
            for (Connection connection : List.of(first, second, third)) {
                connection.setAutoCommit(false);
                query(connection, "SELECT 1");
            }
            for (Connection connection : List.of(first, second, third)) {
                connection.commit();
            }
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> primaryPool().path("idle").asInt() == 3);

            write(original.withPool(original.pool().withSize(1)));
            assertThat(reload().statusCode()).isEqualTo(200);

            assertThat(primaryPool().path("idle").asInt()).isEqualTo(1);
            assertThat(query(third, "SELECT 'served'")).isEqualTo("served");
        }
    }

    @Test
    void aUserTakenOutOfTheFileCannotLogInAgainButStaysConnected() throws Exception {
        try (Connection connected = connect()) {
            write(original.withUsers(List.of(new GatewayConfig.User("someone-else", "a-password-of-theirs"))));
            HttpResponse<String> answer = reload();

            assertThat(JSON.readTree(answer.body()).path("applied").toString()).contains("users");
            assertThatThrownBy(GatewayReloadTest::connect)
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("password authentication failed");
            assertThat(query(connected, "SELECT 'still here'")).isEqualTo("still here");
        }
    }

    @Test
    void settingsThatNeedANewProcessAreReportedAndKeptAsTheyRun() throws Exception {
        write(original.withPorts(new GatewayConfig.Ports(0, 0, -1, 0))
                .withPool(original.pool().withMode(GatewayConfig.Pool.SESSION))
                .withRouting(new GatewayConfig.Routing(1024L, 3, "error", 500)));

        JsonNode answer = JSON.readTree(reload().body());

        assertThat(answer.path("pendingRestart").toString()).contains("ports", "pool.mode");
        assertThat(answer.path("applied").toString())
                .contains(
                        "routing.maxLagBytes",
                        "routing.maxLagSeconds",
                        "routing.readFallback",
                        "routing.failoverWaitMillis");
        assertThat(gateway.context().config().pool().mode()).isEqualTo(GatewayConfig.Pool.TRANSACTION);
        assertThat(gateway.context().config().routing().readFallback()).isEqualTo("error");
        assertThat(gateway.port(Route.AUTO)).isPositive();
        // Still pending at the next reload: only a restart takes them.
        assertThat(JSON.readTree(reload().body()).path("pendingRestart").toString())
                .contains("ports", "pool.mode");
    }

    @Test
    void aWrongFileChangesNothingAndNamesTheField() throws Exception {
        Files.writeString(file, JSON.writeValueAsString(original).replace("\"size\":1", "\"size\":0"));

        HttpResponse<String> answer = reload();

        assertThat(answer.statusCode()).isEqualTo(422);
        assertThat(answer.body()).contains("pool.size: 0; must be at least 1");
        assertThat(gateway.context().config().pool().size()).isEqualTo(1);
        try (Connection connection = connect()) {
            assertThat(query(connection, "SELECT 'served'")).isEqualTo("served");
        }

        Files.writeString(file, "{ not json");
        assertThat(reload().statusCode()).isEqualTo(422);
    }

    @Test
    void reloadNeedsTheAdminToken() throws Exception {
        HttpResponse<String> answer = http.send(
                HttpRequest.newBuilder(adminUri())
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(401);
    }

    @Test
    void aGatewayStartedWithoutAFileHasNothingToReload() throws Exception {
        try (Gateway inMemory = cluster.gateway(cluster.config("transaction", 1))) {
            HttpResponse<String> answer = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + inMemory.adminPort() + "/admin/reload"))
                            .POST(HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(answer.statusCode()).isEqualTo(404);
            assertThat(answer.body()).contains("not started from a configuration file");
        }
    }

    private HttpResponse<String> reload() throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(adminUri())
                        .header("Authorization", "Bearer " + TOKEN)
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static URI adminUri() {
        return URI.create("http://127.0.0.1:" + gateway.adminPort() + "/admin/reload");
    }

    private JsonNode primaryPool() throws IOException, InterruptedException {
        HttpResponse<String> pools = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.adminPort() + "/admin/pools"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        for (JsonNode pool : JSON.readTree(pools.body())) {
            if (pool.path("role").asText().equals("primary")) {
                return pool;
            }
        }
        return JSON.createObjectNode();
    }

    private static Connection connect() throws SQLException {
        return cluster.connect(gateway, Route.READ_WRITE, new Properties());
    }

    private static String query(Connection connection, String sql) {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void write(GatewayConfig config) throws IOException {
        Files.write(file, JSON.writeValueAsBytes(config));
    }
}
