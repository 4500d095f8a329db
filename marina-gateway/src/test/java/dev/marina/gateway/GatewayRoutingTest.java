package dev.marina.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.marina.gateway.routing.Route;
import dev.marina.gateway.routing.Topology;
import dev.marina.gateway.routing.TopologyMember;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.net.Socket;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Routing, pinning, failover waits and bad input, through gateways in front of a real primary and replica. */
@Timeout(120)
class GatewayRoutingTest {

    private static GatewayCluster cluster;
    private static Gateway gateway;

    @BeforeAll
    static void start() throws Exception {
        cluster = GatewayCluster.start("gwroute");
        gateway = cluster.gateway(cluster.config("transaction", 2));
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static Connection connect(Gateway target, Route route) throws SQLException {
        return cluster.connect(target, route, new Properties());
    }

    private static String one(Statement statement, String sql) throws SQLException {
        try (ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        }
    }

    @Test
    void autoEndpointSendsProvenReadsToTheReplicaAndEverythingElseToThePrimary() throws Exception {
        try (Connection connection = connect(gateway, Route.AUTO);
                Statement statement = connection.createStatement()) {
            assertThat(one(statement, "SELECT pg_is_in_recovery()")).isEqualTo("t");
            assertThat(one(statement, "/* marina:primary */ SELECT pg_is_in_recovery()"))
                    .isEqualTo("f");
            // A function the gateway cannot prove harmless keeps the statement on the primary.
            assertThat(one(statement, "SELECT pg_is_in_recovery() FROM (SELECT txid_current()) AS t"))
                    .isEqualTo("f");
            statement.execute("CREATE TABLE IF NOT EXISTS auto_rows (id int)");
            statement.execute("INSERT INTO auto_rows VALUES (1)");
            connection.setAutoCommit(false);
            connection.setReadOnly(true);
            assertThat(one(statement, "SELECT pg_is_in_recovery()")).isEqualTo("t");
            connection.commit();
            connection.setReadOnly(false);
            statement.execute("INSERT INTO auto_rows VALUES (2)");
            assertThat(one(statement, "SELECT pg_is_in_recovery()")).isEqualTo("f");
            connection.commit();
        }
    }

    @Test
    void sessionStateKeepsItsServerConnectionAndLeaksToNoOtherClient() throws Exception {
        try (Connection pinned = connect(gateway, Route.READ_WRITE);
                Statement statement = pinned.createStatement()) {
            statement.execute("SET statement_timeout = '4321ms'");
            statement.execute("CREATE TEMP TABLE scratch (id int)");
            for (int round = 0; round < 5; round++) {
                try (Connection other = connect(gateway, Route.READ_WRITE);
                        Statement otherStatement = other.createStatement()) {
                    assertThat(one(otherStatement, "SHOW statement_timeout")).isEqualTo("0");
                }
                assertThat(one(statement, "SHOW statement_timeout")).isEqualTo("4321ms");
                statement.execute("INSERT INTO scratch VALUES (" + round + ")");
            }
            assertThat(one(statement, "SELECT count(*) FROM scratch")).isEqualTo("5");
        }
        // Its server connection went back clean: nobody sees the setting afterwards.
        for (int round = 0; round < 3; round++) {
            try (Connection later = connect(gateway, Route.READ_WRITE);
                    Statement statement = later.createStatement()) {
                assertThat(one(statement, "SHOW statement_timeout")).isEqualTo("0");
            }
        }
    }

    @Test
    void sessionPoolingResetsTheServerConnectionBetweenClients() throws Exception {
        try (Gateway session = cluster.gateway(cluster.config("session", 1))) {
            try (Connection first = connect(session, Route.READ_WRITE);
                    Statement statement = first.createStatement()) {
                statement.execute("SET work_mem = '7MB'");
                assertThat(one(statement, "SHOW work_mem")).isEqualTo("7MB");
            }
            try (Connection second = connect(session, Route.READ_WRITE);
                    Statement statement = second.createStatement()) {
                assertThat(one(statement, "SHOW work_mem")).isEqualTo("4MB");
            }
        }
    }

    @Test
    void newTransactionsWaitWhileThereIsNoPrimaryAndGoOnWhenOneAppears() throws Exception {
        try (Gateway waiting = cluster.gateway(cluster.config("transaction", 2));
                Connection connection = connect(waiting, Route.READ_WRITE);
                Statement statement = connection.createStatement()) {
            Topology normal = cluster.topology();
            waiting.topology(new Topology("no-primary", normal.replicas()));
            CompletableFuture<String> write = CompletableFuture.supplyAsync(() -> {
                try {
                    return one(statement, "SELECT 'written on ' || pg_is_in_recovery()");
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            // The transaction waits instead of failing...
            assertThatThrownBy(() -> write.get(500, TimeUnit.MILLISECONDS))
                    .isInstanceOf(java.util.concurrent.TimeoutException.class);
            // ...and continues on the primary as soon as the topology names one.
            waiting.topology(normal);
            assertThat(write.get(10, TimeUnit.SECONDS)).isEqualTo("written on false");
        }
    }

    @Test
    void withoutAFailoverWaitATransactionFailsAtOnceAndTheSessionGoesOn() throws Exception {
        // Both protocols: the first message of a transaction (a Query, an unnamed Parse) borrows its server before it
        // is queued, and must still be answered when there is none at all.
        for (String mode : List.of("simple", "extended")) {
            Properties protocol = new Properties();
            protocol.setProperty("preferQueryMode", mode);
            try (Gateway impatient = cluster.gateway(cluster.config("transaction", 2, 0));
                    Connection connection = cluster.connect(impatient, Route.READ_WRITE, protocol);
                    Statement statement = connection.createStatement()) {
                Topology normal = cluster.topology();
                impatient.topology(new Topology("no-primary", normal.replicas()));
                // The change runs on the event loop; a task queued after it has run once it has.
                impatient.context().loop().submit(() -> {}).get(5, TimeUnit.SECONDS);
                assertThatThrownBy(() -> one(statement, "SELECT 'no primary'"))
                        .isInstanceOf(SQLException.class)
                        .hasMessageContaining("no a writable primary")
                        .hasMessageContaining("within 0 ms");
                impatient.topology(normal);
                impatient.context().loop().submit(() -> {}).get(5, TimeUnit.SECONDS);
                assertThat(one(statement, "SELECT 'written on ' || pg_is_in_recovery()"))
                        .isEqualTo("written on false");
            }
        }
    }

    @Test
    void aWriteIsNeverSentToAMemberThatSaysItIsInRecovery() throws Exception {
        try (Gateway misled = cluster.gateway(cluster.config("transaction", 2))) {
            // The feed wrongly names the replica primary: the server connection's own report wins.
            TopologyMember replica = cluster.topology().replicas().get(0);
            misled.topology(new Topology(
                    "wrong", List.of(new TopologyMember(replica.name(), replica.host(), replica.port(), true, 1, 0))));
            long started = System.nanoTime();
            try (Connection connection = connect(misled, Route.READ_WRITE)) {
                throw new AssertionError("logged in through a standby named primary: " + connection);
            } catch (SQLException expected) {
                assertThat(expected.getMessage()).contains("no a writable primary", "within 3000 ms");
            }
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        }
    }

    @Test
    void pauseHoldsWritesUntilResumed() throws Exception {
        try (Connection connection = connect(gateway, Route.READ_WRITE);
                Statement statement = connection.createStatement()) {
            gateway.context()
                    .loop()
                    .submit(() -> gateway.context().pause(10_000))
                    .get();
            CompletableFuture<String> write = CompletableFuture.supplyAsync(() -> {
                try {
                    return one(statement, "SELECT 'after the pause'");
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThatThrownBy(() -> write.get(300, TimeUnit.MILLISECONDS))
                    .isInstanceOf(java.util.concurrent.TimeoutException.class);
            gateway.context().loop().submit(() -> gateway.context().pause(0)).get();
            assertThat(write.get(10, TimeUnit.SECONDS)).isEqualTo("after the pause");
        }
    }

    @Test
    void adminPauseAnswersDrainedOnlyAfterTheRunningTransactionEnds() throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.net.http.HttpRequest pause = java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                        "http://127.0.0.1:" + gateway.adminPort() + "/admin/pause?timeoutMillis=10000"))
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody())
                .build();
        try (Connection connection = connect(gateway, Route.READ_WRITE);
                Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            statement.execute("SELECT 1");
            CompletableFuture<java.net.http.HttpResponse<String>> answer =
                    http.sendAsync(pause, java.net.http.HttpResponse.BodyHandlers.ofString());
            // The open transaction keeps the primary busy: no answer yet.
            assertThatThrownBy(() -> answer.get(300, TimeUnit.MILLISECONDS))
                    .isInstanceOf(java.util.concurrent.TimeoutException.class);
            connection.commit();
            assertThat(answer.get(10, TimeUnit.SECONDS).body()).contains("\"drained\" : true");
        } finally {
            gateway.context().loop().submit(() -> gateway.context().pause(0)).get();
        }
    }

    @Test
    void malformedAndOversizedMessagesEndOnlyTheirOwnClient() throws Exception {
        int port = gateway.port(Route.READ_WRITE);
        try (Connection bystander = connect(gateway, Route.READ_WRITE);
                Statement statement = bystander.createStatement()) {
            // A startup packet with an impossible length.
            try (Socket socket = new Socket("127.0.0.1", port)) {
                new DataOutputStream(socket.getOutputStream()).writeInt(Integer.MAX_VALUE);
                assertThat(new String(socket.getInputStream().readAllBytes()))
                        .contains("invalid startup packet length");
            }
            // An unknown protocol version.
            try (RawClient raw = new RawClient(port)) {
                ByteArrayOutputStream packet = new ByteArrayOutputStream();
                DataOutputStream data = new DataOutputStream(packet);
                data.writeInt(8);
                data.writeInt(0x00090000);
                raw.send(packet.toByteArray());
                assertThat(raw.readUntilClosed()).contains("unsupported frontend protocol 9.0");
            }
            // A query message of a gigabyte, announced after login: refused before it is read.
            try (RawClient raw = new RawClient(port).login(GatewayCluster.USER, cluster.password())) {
                raw.sendHeader('Q', 1 << 30);
                assertThat(raw.readUntilClosed()).contains("08P01", "the gateway's limit");
            }
            // An unknown message type.
            try (RawClient raw = new RawClient(port).login(GatewayCluster.USER, cluster.password())) {
                raw.query("BEGIN");
                while (raw.readMessage().type() != 'Z') {
                    // BEGIN's answer
                }
                raw.sendHeader('Y', 4);
                assertThat(raw.readUntilClosed()).contains("invalid frontend message type 'Y'");
            }
            // A client that leaves in the middle of a message, inside a transaction.
            try (RawClient raw = new RawClient(port).login(GatewayCluster.USER, cluster.password())) {
                raw.query("BEGIN");
                while (raw.readMessage().type() != 'Z') {
                    // BEGIN's answer
                }
                raw.sendHeader('Q', 1000);
                raw.send("SELECT".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            assertThat(one(statement, "SELECT 'bystander fine'")).isEqualTo("bystander fine");
        }
        // The server connection of the abandoned transaction was dropped, not lent again half-used.
        try (Connection next = connect(gateway, Route.READ_WRITE);
                Statement statement = next.createStatement()) {
            org.awaitility.Awaitility.await("no server connection left in a transaction")
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> one(
                                    statement,
                                    "SELECT count(*) FROM pg_stat_activity"
                                            + " WHERE state LIKE 'idle in transaction%' AND usename = 'app'")
                            .equals("0"));
        }
    }
}
