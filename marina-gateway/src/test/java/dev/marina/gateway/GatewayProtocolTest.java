package dev.marina.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.marina.gateway.routing.Route;
import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/** Real clients (psql, pgbench, the JDBC driver) through a transaction-pooling gateway to real PostgreSQL. */
@Timeout(120)
class GatewayProtocolTest {

    private static GatewayCluster cluster;
    private static Gateway gateway;

    @BeforeAll
    static void start() throws Exception {
        cluster = GatewayCluster.start("gwproto");
        // Two server connections for many more clients: transaction pooling must share them.
        gateway = cluster.gateway(cluster.config("transaction", 2));
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    private Connection connect(Route route, Properties extra) throws SQLException {
        return cluster.connect(gateway, route, extra);
    }

    private Connection connect(Route route) throws SQLException {
        return connect(route, new Properties());
    }

    @Test
    void psqlRunsQueriesThroughTheReadWriteEndpoint() throws Exception {
        Clients.Result result = Clients.psql(
                cluster.password(),
                cluster.url(gateway, Route.READ_WRITE),
                "CREATE TABLE IF NOT EXISTS psql_notes (id int, note text)",
                "INSERT INTO psql_notes VALUES (1, 'one')",
                "SELECT note || ':' || pg_is_in_recovery() FROM psql_notes WHERE id = 1");
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("one:false");
    }

    @Test
    void readOnlyEndpointLandsOnTheReplica() throws Exception {
        Clients.Result result =
                Clients.psql(cluster.password(), cluster.url(gateway, Route.READ_ONLY), "SELECT pg_is_in_recovery()");
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output().strip()).isEqualTo("t");
    }

    @Test
    void wrongPasswordIsRefusedAndTheGatewayCarriesOn() throws Exception {
        Clients.Result wrong = Clients.psql("not-the-password", cluster.url(gateway, Route.READ_WRITE), "SELECT 1");
        assertThat(wrong.exitCode()).isNotZero();
        assertThat(wrong.output()).contains("password authentication failed for user \"app\"");
        Clients.Result unknown = Clients.psql(
                cluster.password(),
                "postgresql://nobody@127.0.0.1:" + gateway.port(Route.READ_WRITE) + "/app",
                "SELECT 1");
        assertThat(unknown.output()).contains("password authentication failed for user \"nobody\"");
        Clients.Result right =
                Clients.psql(cluster.password(), cluster.url(gateway, Route.READ_WRITE), "SELECT 40 + 2");
        assertThat(right.output().strip()).isEqualTo("42");
    }

    @Test
    void unknownStartupParameterIsJudgedByPostgresql() throws Exception {
        Clients.Result result = Clients.psql(
                cluster.password(),
                cluster.url(gateway, Route.READ_WRITE) + "?options=-c%20no_such_setting%3D1",
                "SELECT 1");
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output()).contains("no_such_setting");
        Clients.Result after =
                Clients.psql(cluster.password(), cluster.url(gateway, Route.READ_WRITE), "SELECT 'still here'");
        assertThat(after.output()).contains("still here");
    }

    @Test
    void jdbcPreparedStatementsSurviveServerConnectionChanges() throws Exception {
        Properties named = new Properties();
        // Named server-side statements from the first execution on: what transaction pooling has to carry.
        named.setProperty("prepareThreshold", "1");
        try (Connection setup = connect(Route.READ_WRITE);
                Statement statement = setup.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS jdbc_items (id int PRIMARY KEY, name text)");
            statement.execute("TRUNCATE jdbc_items");
        }
        int clients = 6;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int client = 0; client < clients; client++) {
                int offset = client * 1000;
                results.add(pool.submit(() -> {
                    try (Connection connection = connect(Route.READ_WRITE, named);
                            PreparedStatement insert =
                                    connection.prepareStatement("INSERT INTO jdbc_items VALUES (?, ?)");
                            PreparedStatement count =
                                    connection.prepareStatement("SELECT count(*) FROM jdbc_items WHERE id >= ?")) {
                        for (int row = 0; row < 50; row++) {
                            insert.setInt(1, offset + row);
                            insert.setString(2, "item " + row);
                            insert.executeUpdate();
                        }
                        for (int row = 0; row < 20; row++) {
                            insert.setInt(1, offset + 100 + row);
                            insert.setString(2, "batched");
                            insert.addBatch();
                        }
                        insert.executeBatch();
                        count.setInt(1, offset);
                        try (ResultSet rows = count.executeQuery()) {
                            rows.next();
                            return rows.getInt(1);
                        }
                    }
                }));
            }
            for (Future<Integer> result : results) {
                assertThat(result.get()).isGreaterThanOrEqualTo(70);
            }
        } finally {
            pool.shutdownNow();
        }
        try (Connection check = connect(Route.READ_WRITE);
                Statement statement = check.createStatement();
                ResultSet rows = statement.executeQuery("SELECT count(*) FROM jdbc_items")) {
            rows.next();
            assertThat(rows.getInt(1)).isEqualTo(clients * 70);
        }
    }

    @Test
    void jdbcTransactionsCommitAndRollBack() throws Exception {
        try (Connection connection = connect(Route.READ_WRITE);
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS jdbc_accounts (id int PRIMARY KEY, balance int)");
            statement.execute("TRUNCATE jdbc_accounts");
            connection.setAutoCommit(false);
            statement.execute("INSERT INTO jdbc_accounts VALUES (1, 100)");
            connection.rollback();
            statement.execute("INSERT INTO jdbc_accounts VALUES (2, 200)");
            connection.commit();
            connection.setAutoCommit(true);
            try (ResultSet rows = statement.executeQuery("SELECT string_agg(id::text, ',') FROM jdbc_accounts")) {
                rows.next();
                assertThat(rows.getString(1)).isEqualTo("2");
            }
        }
    }

    @Test
    void deallocateOfANameNeverPreparedIsRefusedAsPostgresqlWould() throws Exception {
        Properties simple = new Properties();
        // Simple Query messages, outside any transaction: what the gateway answers without a server when it can.
        simple.setProperty("preferQueryMode", "simple");
        try (Connection connection = connect(Route.READ_WRITE, simple);
                Statement statement = connection.createStatement()) {
            assertThatThrownBy(() -> statement.execute("DEALLOCATE never_prepared"))
                    .isInstanceOfSatisfying(
                            SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("26000"));
            statement.execute("DEALLOCATE ALL");
            try (ResultSet rows = statement.executeQuery("SELECT 'still usable'")) {
                rows.next();
                assertThat(rows.getString(1)).isEqualTo("still usable");
            }
        }
    }

    @Test
    void jdbcCopyInAndOut() throws Exception {
        try (Connection connection = connect(Route.READ_WRITE);
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS copy_rows (id int, note text)");
            statement.execute("TRUNCATE copy_rows");
            CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
            StringBuilder input = new StringBuilder();
            for (int row = 0; row < 5000; row++) {
                input.append(row).append('\t').append("note ").append(row).append('\n');
            }
            long copied = copy.copyIn(
                    "COPY copy_rows FROM STDIN",
                    new ByteArrayInputStream(input.toString().getBytes(StandardCharsets.UTF_8)));
            assertThat(copied).isEqualTo(5000);
            StringWriter output = new StringWriter();
            long exported = copy.copyOut("COPY (SELECT * FROM copy_rows ORDER BY id) TO STDOUT", output);
            assertThat(exported).isEqualTo(5000);
            assertThat(output.toString()).isEqualTo(input.toString());
        }
    }

    @Test
    void jdbcCancelStopsARunningQuery() throws Exception {
        try (Connection connection = connect(Route.READ_WRITE);
                Statement statement = connection.createStatement()) {
            ExecutorService canceller = Executors.newSingleThreadExecutor();
            try {
                Future<?> cancel = canceller.submit(() -> {
                    // Cancel once the sleep runs on the server, as seen from another client.
                    try (Connection observer = connect(Route.READ_WRITE);
                            Statement watch = observer.createStatement()) {
                        org.awaitility.Awaitility.await("pg_sleep runs")
                                .atMost(java.time.Duration.ofSeconds(10))
                                .until(() -> {
                                    try (ResultSet rows = watch.executeQuery("SELECT count(*) FROM pg_stat_activity"
                                            + " WHERE state = 'active' AND query = 'SELECT pg_sleep(20)'")) {
                                        rows.next();
                                        return rows.getInt(1) == 1;
                                    }
                                });
                    }
                    statement.cancel();
                    return null;
                });
                assertThatThrownBy(() -> statement.execute("SELECT pg_sleep(20)"))
                        .isInstanceOf(SQLException.class)
                        .hasMessageContaining("canceling statement due to user request");
                cancel.get();
            } finally {
                canceller.shutdownNow();
            }
            try (ResultSet rows = statement.executeQuery("SELECT 7")) {
                rows.next();
                assertThat(rows.getInt(1)).isEqualTo(7);
            }
        }
    }

    @Test
    void pgbenchInEveryQueryModeWithMoreClientsThanServerConnections() throws Exception {
        String url = cluster.url(gateway, Route.READ_WRITE);
        Clients.Result init = Clients.run(cluster.password(), List.of("pgbench", "-i", "-s", "1", "-q", url));
        assertThat(init.exitCode()).as(init.output()).isZero();
        for (String mode : List.of("prepared", "simple", "extended")) {
            Clients.Result run = Clients.run(
                    cluster.password(), List.of("pgbench", "-n", "-M", mode, "-c", "8", "-j", "2", "-t", "60", url));
            assertThat(run.exitCode()).as(mode + ": " + run.output()).isZero();
            assertThat(run.output())
                    .as(mode)
                    .contains("number of transactions actually processed: 480/480")
                    .contains("number of failed transactions: 0");
        }
    }
}
