package dev.marina.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marina.testkit.chaos.ChaosReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Chaos under load against the real jar and real PostgreSQL: every scenario writes with four clients through the
 * cluster's connection, injects a fault, waits for full redundancy and asks the checker: no acknowledged write lost,
 * never two writers, and back to full redundancy within a bound.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FailoverChaosTest {

    private static final String NAME = "ledger";
    private static final int MEMBERS = 3;
    private static final Duration BOUND = Duration.ofSeconds(60);
    private static final String CLUSTER = """
            apiVersion: marina.dev/v1alpha1
            kind: DatabaseCluster
            metadata:
              name: ledger
            spec:
              engine: postgresql
              components:
                postgres:
                  replicas: 3
              availability:
                synchronous: true
            """;

    private static Marina marina;
    private static ControlPlaneApi api;
    private static ClusterStatusReader status;
    private final Random random = new Random();

    @BeforeAll
    static void createCluster() throws Exception {
        marina = Marina.withNewHome();
        api = new ControlPlaneApi(marina.home());
        status = new ClusterStatusReader(api, NAME);
        Path file = marina.home().resolve("ledger.yaml");
        Files.writeString(file, CLUSTER);
        marina.run("up").succeeds();
        marina.run("apply", "-f", file.toString()).succeeds();
        marina.run("wait", "cluster", NAME, "--for=ready", "--timeout=120s").succeeds();
        ChaosRun.prepare(api, NAME);
    }

    @AfterAll
    static void stop() {
        if (marina != null) {
            marina.close();
        }
    }

    @BeforeEach
    void fullyRedundant() throws Exception {
        new MarinaRedundancy(api, NAME, MEMBERS).awaitFullRedundancy(BOUND);
        // And the primary waits for both standbys again, so every scenario starts from the same place.
        await().atMost(BOUND)
                .pollInterval(Duration.ofMillis(100))
                .ignoreExceptions()
                .until(() -> {
                    String standbys = synchronousStandbyNames();
                    return status.replicas().stream().allMatch(replica -> standbys.contains("\"" + replica + "\""));
                });
    }

    @Test
    @Order(1)
    void killedPrimaryIsReplacedWithoutLosingAnAcknowledgedWrite() throws Exception {
        for (int round = 1; round <= 2; round++) {
            String primary = status.primary();
            try (ChaosRun run = new ChaosRun(api, NAME).start()) {
                run.awaitMoreAcks(50 + random.nextInt(400));
                run.processes().kill9(status.pid(primary));
                awaitPrimaryOtherThan(primary);

                ChaosReport report = run.finish(MEMBERS, BOUND);

                assertThat(report.problems()).as(report.summary()).isEmpty();
                assertThat(status.primary()).as("round " + round).isNotEqualTo(primary);
                assertThat(status.reasons()).contains("PrimaryFailed", "Fenced", "Promoted", "Rejoined");
            }
        }
    }

    @Test
    @Order(2)
    void killedReplicaIsRestartedInPlaceAndThePrimaryStays() throws Exception {
        String primary = status.primary();
        long promotions = status.count("Promoted");
        try (ChaosRun run = new ChaosRun(api, NAME).start()) {
            String replica = status.replicas().get(0);
            long before = status.pid(replica);
            run.processes().kill9(before);
            await().atMost(BOUND).until(() -> status.pid(replica) != before && status.pid(replica) != 0);

            ChaosReport report = run.finish(MEMBERS, BOUND);

            assertThat(report.problems()).as(report.summary()).isEmpty();
        }
        assertThat(status.primary()).isEqualTo(primary);
        assertThat(status.count("Promoted")).isEqualTo(promotions);
    }

    @Test
    @Order(3)
    void frozenPrimaryIsFencedAndNeverWritesAgainWhenItThaws() throws Exception {
        String primary = status.primary();
        long pid = status.pid(primary);
        try (ChaosRun run = new ChaosRun(api, NAME).start()) {
            run.processes().freeze(pid);
            await().atMost(30, TimeUnit.SECONDS)
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> !status.primary().equals(primary));
            // It was fenced while frozen: nothing of it is left to wake up. Thaw whatever still exists.
            if (ProcessHandle.of(pid).isPresent()) {
                run.processes().thaw(pid);
            }

            ChaosReport report = run.finish(MEMBERS, BOUND);

            assertThat(report.problems()).as(report.summary()).isEmpty();
            assertThat(ProcessHandle.of(pid))
                    .as("the frozen postmaster was killed")
                    .isEmpty();
        }
        assertThat(status.events("PrimaryFailed")).last().asString().contains(primary, "missed");
    }

    @Test
    @Order(4)
    void replicaWhoseDataDirectoryIsDeletedIsCopiedAgain() throws Exception {
        String replica = status.replicas().get(0);
        long copies = status.count("Cloned");
        try (ChaosRun run = new ChaosRun(api, NAME).start()) {
            run.data().deleteDirectory(dataDirectory(replica));
            await().atMost(BOUND).until(() -> status.count("Cloned") > copies);

            ChaosReport report = run.finish(MEMBERS, BOUND);

            assertThat(report.problems()).as(report.summary()).isEmpty();
        }
        assertThat(status.events("Cloned")).last().asString().contains(replica);
    }

    @Test
    @Order(5)
    void controlPlaneKilledAfterFencingFinishesTheFailoverWhenItIsBack() throws Exception {
        controlPlaneDiesMidFailoverAndIsBack("after-fence");
    }

    @Test
    @Order(6)
    void controlPlaneKilledAfterPromotingRecordsTheNewPrimaryWhenItIsBack() throws Exception {
        controlPlaneDiesMidFailoverAndIsBack("after-promote");
    }

    @Test
    @Order(7)
    void primaryAndASynchronousStandbyLostTogetherAreNotFailedOver() throws Exception {
        String primary = status.primary();
        long promotions = status.count("Promoted");
        try (ChaosRun run = new ChaosRun(api, NAME).start()) {
            long primaryPid = status.pid(primary);
            long standbyPid = status.pid(status.replicas().get(0));
            // The other replica must surely miss acknowledged writes: with its WAL receiver frozen it falls behind
            // while the standby killed below acknowledges. Left to chance, it sometimes had received everything, and
            // promoting it was then right (found when a quiet machine made that the usual case).
            long walReceiver = walReceiverOf(status.pid(status.replicas().get(1)));
            run.processes().freeze(walReceiver);
            run.awaitMoreAcks(50);
            run.processes().kill9(primaryPid);
            run.processes().kill9(standbyPid);
            await().atMost(BOUND).until(() -> status.pid(primary) != primaryPid && status.pid(primary) != 0);
            if (ProcessHandle.of(walReceiver).isPresent()) {
                run.processes().thaw(walReceiver);
            }

            ChaosReport report = run.finish(MEMBERS, BOUND);

            assertThat(report.problems()).as(report.summary()).isEmpty();
        }
        assertThat(status.primary())
                .as("restarted in place: nobody else holds every acknowledged write")
                .isEqualTo(primary);
        assertThat(status.count("Promoted")).isEqualTo(promotions);
        assertThat(status.events("FailoverRefused")).last().asString().contains("does not answer");
    }

    /** The WAL receiver among a PostgreSQL server's child processes, by the title PostgreSQL gives it. */
    private static long walReceiverOf(long postmaster) {
        return await().atMost(BOUND)
                .until(
                        () -> ProcessHandle.of(postmaster)
                                .map(ProcessHandle::children)
                                .orElseGet(Stream::empty)
                                .filter(child -> commandLine(child.pid()).contains("walreceiver"))
                                .map(ProcessHandle::pid)
                                .findFirst(),
                        Optional::isPresent)
                .orElseThrow();
    }

    private static String commandLine(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")));
        } catch (IOException e) {
            return "";
        }
    }

    private void controlPlaneDiesMidFailoverAndIsBack(String failpoint) throws Exception {
        long controlPlane = marina.controlPlanePid();
        ProcessHandle.of(controlPlane).orElseThrow().destroyForcibly();
        await().atMost(10, TimeUnit.SECONDS)
                .until(() -> ProcessHandle.of(controlPlane).isEmpty());
        marina.runWith(Map.of("MARINA_FAILPOINTS", failpoint), "up").succeeds();
        long armed = marina.controlPlanePid();
        String primary = status.primary();
        try (ChaosRun run = new ChaosRun(api, NAME).start()) {
            run.processes().kill9(status.pid(primary));
            await().atMost(30, TimeUnit.SECONDS)
                    .alias("the control plane halts at " + failpoint)
                    .until(() -> ProcessHandle.of(armed).isEmpty());

            marina.run("up").succeeds();
            awaitPrimaryOtherThan(primary);
            ChaosReport report = run.finish(MEMBERS, BOUND);

            assertThat(report.problems()).as(report.summary()).isEmpty();
        }
        assertThat(status.primary()).isNotEqualTo(primary);
        assertThat(status.reasons()).contains("Promoted", "Rejoined");
    }

    private static void awaitPrimaryOtherThan(String old) {
        await().atMost(BOUND)
                .pollInterval(Duration.ofMillis(20))
                .until(() -> !status.primary().equals(old) && status.pid(status.primary()) != 0);
    }

    private static String synchronousStandbyNames() throws Exception {
        JsonNode connection = api.connection(NAME);
        String primaryEndpoint =
                ClusterLifecycleTest.endpointOf(api.cluster(NAME), "primary").get(0);
        try (java.sql.Connection session = java.sql.DriverManager.getConnection(
                        "jdbc:postgresql://" + primaryEndpoint + "/"
                                + connection.path("database").asText(),
                        connection.path("user").asText(),
                        connection.path("password").asText());
                java.sql.Statement statement = session.createStatement();
                java.sql.ResultSet result = statement.executeQuery("SHOW synchronous_standby_names")) {
            result.next();
            return result.getString(1);
        }
    }

    private static Path dataDirectory(String member) {
        return marina.home().resolve("clusters").resolve(NAME).resolve(member).resolve("data");
    }
}
