package dev.marina.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.marina.gateway.config.GatewayConfig;
import dev.marina.gateway.routing.Route;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A server connection keeps at most {@code pool.maxPreparedStatements}: more statements than that, used in turn
 * through one server connection, all keep working, the server never holds more than the limit, and the gateway
 * forgets what no client holds.
 */
@Timeout(120)
class GatewayPreparedStatementsTest {

    private static final int LIMIT = 2;
    private static final int STATEMENTS = 5;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static GatewayCluster cluster;
    private static Gateway gateway;

    @BeforeAll
    static void start() throws Exception {
        cluster = GatewayCluster.start("gwprepared");
        GatewayConfig config = cluster.config("transaction", 1);
        gateway = cluster.gateway(config.withPool(config.pool().withMaxPreparedStatements(LIMIT)));
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void moreStatementsThanTheLimitTakeTurnsOnOneServerConnection() throws Exception {
        try (Connection connection = connect()) {
            List<PreparedStatement> statements = prepareAll(connection);
            for (int round = 0; round < 4; round++) {
                for (int index = 0; index < STATEMENTS; index++) {
                    assertThat(add(statements.get(index), round)).isEqualTo(round + index);
                }
            }
            assertThat(admin("/admin/stats").path("sharedStatements").asInt()).isEqualTo(STATEMENTS);
            // The pool has one server connection: this runs where the statements were prepared.
            try (Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery(
                            "SELECT count(*) FROM pg_prepared_statements WHERE name LIKE 'marina%'")) {
                rows.next();
                assertThat(rows.getInt(1)).isBetween(1, LIMIT);
            }
            for (JsonNode server : admin("/admin/servers")) {
                assertThat(server.path("preparedStatements").asInt()).isLessThanOrEqualTo(LIMIT);
            }
            for (PreparedStatement statement : statements) {
                statement.close();
            }
        }
        await().atMost(Duration.ofSeconds(10))
                .until(() -> admin("/admin/stats").path("sharedStatements").asInt() == 0);
    }

    @Test
    void anErrorInATransactionLeavesTheStatementsUsable() throws Exception {
        try (Connection connection = connect()) {
            List<PreparedStatement> statements = prepareAll(connection);
            PreparedStatement divide = connection.prepareStatement("SELECT 10 / ?::int");
            connection.setAutoCommit(false);
            for (int round = 0; round < 3; round++) {
                for (int index = 0; index < STATEMENTS; index++) {
                    assertThat(add(statements.get(index), round)).isEqualTo(round + index);
                }
                divide.setInt(1, 0);
                assertThatThrownBy(divide::executeQuery)
                        .isInstanceOf(SQLException.class)
                        .hasMessageContaining("division by zero");
                connection.rollback();
                divide.setInt(1, 5);
                try (ResultSet rows = divide.executeQuery()) {
                    rows.next();
                    assertThat(rows.getInt(1)).isEqualTo(2);
                }
                connection.commit();
            }
        }
    }

    /** Statements {@code SELECT ? + index}, named on the server from their first execution. */
    private static List<PreparedStatement> prepareAll(Connection connection) throws SQLException {
        List<PreparedStatement> statements = new ArrayList<>();
        for (int index = 0; index < STATEMENTS; index++) {
            statements.add(connection.prepareStatement("SELECT ?::int + " + index));
        }
        return statements;
    }

    private static int add(PreparedStatement statement, int value) throws SQLException {
        statement.setInt(1, value);
        try (ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private static Connection connect() throws SQLException {
        Properties named = new Properties();
        named.setProperty("prepareThreshold", "1");
        return cluster.connect(gateway, Route.READ_WRITE, named);
    }

    private static JsonNode admin(String path) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> answer = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.adminPort() + path))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(answer.body());
        }
    }
}
