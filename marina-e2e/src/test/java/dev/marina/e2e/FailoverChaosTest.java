package dev.marina.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marina.testkit.chaos.ChaosReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
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
    private final Random random = new Random();

    @BeforeAll
    static void createCluster() throws Exception {
        marina = Marina.withNewHome();
        api = new ControlPlaneApi(marina.home());
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
                    return replicas().stream().allMatch(replica -> standbys.contains("\"" + replica + "\""));
                });
    }

    @Test
    @Order(1)
    void killedPrimaryIsReplacedWithoutLosingAnAcknowledgedWrite() throws Exception {
        for (int round = 1; round <= 2; round++) {
            String primary = primary();
            try (ChaosRun run = new ChaosRun(api, NAME).start()) {
                run.awaitMoreAcks(50 + random.nextInt(400));
                run.processes().kill9(pid(primary));
                awaitPrimaryOtherThan(primary);

                ChaosReport report = run.finish(MEMBERS, BOUND);

                assertThat(report.problems()).as(report.summary()).isEmpty();
                assertThat(primary()).as("round " + round).isNotEqualTo(primary);
                assertThat(reasons()).contains("PrimaryFailed", "Fenced", "Promoted", "Rejoined");
            }
        }
    }

    @Test
    @Order(2)
    void killedReplicaIsRestartedInPlaceAndThePrimaryStays() throws Exception {
        String primary = primary();
        long promotions = count("Promoted");
        try (ChaosRun run = new ChaosRun(api, NAME).start()) {
            String replica = replicas().get(0);
            long before = pid(replica);
            run.processes().kill9(before);
            await().atMost(BOUND).until(() -> pid(replica) != before && pid(replica) != 0);

            ChaosReport report = run.finish(MEMBERS, BOUND);

            assertThat(report.problems()).as(report.summary()).isEmpty();
        }
        assertThat(primary()).isEqualTo(primary);
        assertThat(count("Promoted")).isEqualTo(promotions);
    }

    @Test
    @Order(3)
    void frozenPrimaryIsFencedAndNeverWritesAgainWhenItThaws() throws Exception {
        String primary = primary();
        long pid = pid(primary);
        try (ChaosRun run = new ChaosRun(api, NAME).start()) {
            run.processes().freeze(pid);
            await().atMost(30, TimeUnit.SECONDS)
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> !primary().equals(primary));
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
        assertThat(events("PrimaryFailed")).last().asString().contains(primary, "missed");
    }

    @Test
    @Order(4)
    void replicaWhoseDataDirectoryIsDeletedIsCopiedAgain() throws Exception {
        String replica = replicas().get(0);
        long copies = count("Cloned");
        try (ChaosRun run = new ChaosRun(api, NAME).start()) {
            run.data().deleteDirectory(dataDirectory(replica));
            await().atMost(BOUND).until(() -> count("Cloned") > copies);

            ChaosReport report = run.finish(MEMBERS, BOUND);

            assertThat(report.problems()).as(report.summary()).isEmpty();
        }
        assertThat(events("Cloned")).last().asString().contains(replica);
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
        String primary = primary();
        long promotions = count("Promoted");
        try (ChaosRun run = new ChaosRun(api, NAME).start()) {
            long primaryPid = pid(primary);
            long standbyPid = pid(replicas().get(0));
            run.processes().kill9(primaryPid);
            run.processes().kill9(standbyPid);
            await().atMost(BOUND).until(() -> pid(primary) != primaryPid && pid(primary) != 0);

            ChaosReport report = run.finish(MEMBERS, BOUND);

            assertThat(report.problems()).as(report.summary()).isEmpty();
        }
        assertThat(primary())
                .as("restarted in place: nobody else holds every acknowledged write")
                .isEqualTo(primary);
        assertThat(count("Promoted")).isEqualTo(promotions);
        assertThat(events("FailoverRefused")).last().asString().contains("does not answer");
    }

    private void controlPlaneDiesMidFailoverAndIsBack(String failpoint) throws Exception {
        long controlPlane = marina.controlPlanePid();
        ProcessHandle.of(controlPlane).orElseThrow().destroyForcibly();
        await().atMost(10, TimeUnit.SECONDS)
                .until(() -> ProcessHandle.of(controlPlane).isEmpty());
        marina.runWith(Map.of("MARINA_FAILPOINTS", failpoint), "up").succeeds();
        long armed = marina.controlPlanePid();
        String primary = primary();
        try (ChaosRun run = new ChaosRun(api, NAME).start()) {
            run.processes().kill9(pid(primary));
            await().atMost(30, TimeUnit.SECONDS)
                    .alias("the control plane halts at " + failpoint)
                    .until(() -> ProcessHandle.of(armed).isEmpty());

            marina.run("up").succeeds();
            awaitPrimaryOtherThan(primary);
            ChaosReport report = run.finish(MEMBERS, BOUND);

            assertThat(report.problems()).as(report.summary()).isEmpty();
        }
        assertThat(primary()).isNotEqualTo(primary);
        assertThat(reasons()).contains("Promoted", "Rejoined");
    }

    private static void awaitPrimaryOtherThan(String old) {
        await().atMost(BOUND)
                .pollInterval(Duration.ofMillis(20))
                .until(() -> !primary().equals(old) && pid(primary()) != 0);
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

    private static String primary() {
        return api.cluster(NAME).path("status").path("primary").asText();
    }

    private static List<String> replicas() {
        List<String> names = new ArrayList<>();
        for (JsonNode member : api.cluster(NAME).path("status").path("members")) {
            if ("replica".equals(member.path("role").asText())) {
                names.add(member.path("name").asText());
            }
        }
        return names;
    }

    private static long pid(String member) {
        for (JsonNode candidate : api.cluster(NAME).path("status").path("members")) {
            if (candidate.path("name").asText().equals(member)) {
                return candidate.path("pid").asLong();
            }
        }
        throw new AssertionError("no member " + member);
    }

    private static Path dataDirectory(String member) {
        return marina.home().resolve("clusters").resolve(NAME).resolve(member).resolve("data");
    }

    private static List<String> reasons() {
        List<String> reasons = new ArrayList<>();
        api.events(NAME).forEach(event -> reasons.add(event.path("reason").asText()));
        return reasons;
    }

    private static long count(String reason) {
        return reasons().stream().filter(reason::equals).count();
    }

    /** The member and message of every event of one reason, oldest first. */
    private static List<String> events(String reason) {
        List<String> found = new ArrayList<>();
        api.events(NAME).forEach(event -> {
            if (event.path("reason").asText().equals(reason)) {
                found.add(event.path("member").asText() + ": "
                        + event.path("message").asText());
            }
        });
        return found;
    }
}
