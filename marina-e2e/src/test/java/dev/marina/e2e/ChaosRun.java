package dev.marina.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marina.testkit.chaos.AckLog;
import dev.marina.testkit.chaos.ChaosReport;
import dev.marina.testkit.chaos.Checker;
import dev.marina.testkit.chaos.DataFaults;
import dev.marina.testkit.chaos.FaultLog;
import dev.marina.testkit.chaos.JdbcWriter;
import dev.marina.testkit.chaos.LoadGenerator;
import dev.marina.testkit.chaos.LoadSettings;
import dev.marina.testkit.chaos.ProcessFaults;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;

/**
 * One chaos scenario against a Marina cluster: writers under load through the cluster's own connection (every member
 * listed, the primary chosen by the driver), faults, and the checker's verdict once the cluster is back to full
 * redundancy.
 */
final class ChaosRun implements AutoCloseable {

    private static final AtomicLong NEXT_ID = new AtomicLong(1);
    private static final int THREADS = 4;

    private final ControlPlaneApi api;
    private final String cluster;
    private final String url;
    private final String user;
    private final String password;
    private final AckLog acks = new AckLog();
    private final FaultLog faults = new FaultLog();
    private final LoadGenerator load;

    ChaosRun(ControlPlaneApi api, String cluster) {
        this.api = api;
        this.cluster = cluster;
        JsonNode connection = api.connection(cluster);
        List<String> hosts = new ArrayList<>();
        connection.path("hosts").forEach(host -> hosts.add(host.asText()));
        this.url = "jdbc:postgresql://" + String.join(",", hosts) + "/"
                + connection.path("database").asText() + "?targetServerType=primary";
        this.user = connection.path("user").asText();
        this.password = connection.path("password").asText();
        // Ids never repeat across the scenarios of one cluster: every run checks all ids it was acknowledged.
        long firstId = NEXT_ID.getAndAdd(10_000_000);
        this.load = new LoadGenerator(
                JdbcWriter.factory(url, user, password),
                acks,
                LoadSettings.threads(THREADS).withFirstId(firstId));
    }

    /** Creates the table once per cluster; idempotent. */
    static void prepare(ControlPlaneApi api, String cluster) throws SQLException {
        try (ChaosRun run = new ChaosRun(api, cluster)) {
            JdbcWriter.createTable(run.url, run.user, run.password);
        }
    }

    /** Starts the writers and waits until they are acknowledged. */
    ChaosRun start() {
        load.start();
        awaitMoreAcks(200);
        return this;
    }

    void awaitMoreAcks(int more) {
        long target = acks.ackCount() + more;
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> acks.ackCount() >= target);
    }

    ProcessFaults processes() {
        return new ProcessFaults(faults);
    }

    DataFaults data() {
        return new DataFaults(faults);
    }

    /**
     * Waits for full redundancy (at most {@code bound}) measured from the last fault, lets the writers prove writes
     * flow again, stops them, and checks every acknowledged id against what the primary holds.
     */
    ChaosReport finish(int members, Duration bound) throws Exception {
        long since = faults.faults().isEmpty()
                ? System.nanoTime()
                : faults.faults().get(faults.faults().size() - 1).atNanos();
        Duration back = new MarinaRedundancy(api, cluster, members).awaitFullRedundancy(since, bound);
        awaitMoreAcks(100);
        load.stop();
        Set<Long> present = Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .ignoreExceptions()
                .until(() -> JdbcWriter.readIds(url, user, password), ids -> true);
        ChaosReport report = new Checker().check(acks.acks(), faults.faults(), present, Optional.of(back));
        System.out.println("chaos " + cluster + ": " + report.summary());
        return report;
    }

    @Override
    public void close() {
        try {
            load.stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // Stopping writers that never started, or whose threads failed: the report already said so.
        }
        acks.close();
    }
}
