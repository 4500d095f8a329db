package dev.marina.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marina.api.DatabaseCluster;
import java.util.List;
import org.junit.jupiter.api.Test;

class WaitCommandTest extends FakeControlPlaneTest {

    @Test
    void waitsUntilReadyShowingEachMemberChange() {
        String starting = TestClusters.json(TestClusters.starting("demo"));
        String ready = TestClusters.json(TestClusters.ready("demo"));
        controlPlane.respondInTurn(
                "GET",
                "/api/v1/clusters/demo",
                List.of(200, 200, 200, 200),
                List.of(starting, starting, starting, ready));

        CliRunner.Result result = marina.run("wait", "cluster", "demo", "--for=ready", "--timeout=30s");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).isEqualTo("databasecluster/demo ready (3/3 members ready, primary demo-postgres-1)\n");
        assertThat(result.err()).isEqualTo("""
                        cluster demo Creating
                        demo-postgres-1 primary running
                        demo-postgres-2 starting
                        demo-postgres-3 starting
                        cluster demo Running
                        demo-postgres-2 replica streaming
                        demo-postgres-3 replica streaming
                        """);
        assertThat(controlPlane.requests("GET", "/api/v1/clusters/demo")).hasSize(4);
    }

    @Test
    void aReadyConditionOfAnOlderGenerationIsNotReady() {
        DatabaseCluster stale = TestClusters.cluster(
                "demo", 2, 1L, "Running", "True", "AllMembersReady", TestClusters.readyMembers("demo"));
        DatabaseCluster caughtUp = TestClusters.cluster(
                "demo", 2, 2L, "Running", "True", "AllMembersReady", TestClusters.readyMembers("demo"));
        controlPlane.respondInTurn(
                "GET",
                "/api/v1/clusters/demo",
                List.of(200, 200),
                List.of(TestClusters.json(stale), TestClusters.json(caughtUp)));

        CliRunner.Result result = marina.run("wait", "cluster", "demo", "--for=ready");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(controlPlane.requests("GET", "/api/v1/clusters/demo")).hasSize(2);
    }

    @Test
    void timesOutNamingWhatIsNotReady() {
        controlPlane.respond("GET", "/api/v1/clusters/demo", 200, TestClusters.json(TestClusters.starting("demo")));

        CliRunner.Result result = marina.run("wait", "cluster", "demo", "--for=ready", "--timeout=200ms");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(result.out()).isEmpty();
        assertThat(result.err().lines().toList().getLast())
                .isEqualTo("marina: cluster demo not ready after 200ms: Ready is False (MembersStarting: 2 of 3"
                        + " members starting); members not ready: demo-postgres-2 (starting), demo-postgres-3"
                        + " (starting); look closer with: marina describe cluster demo");
    }

    @Test
    void acceptsOnlyTheConditionsItKnows() {
        CliRunner.Result result = marina.run("wait", "cluster", "demo", "--for=happy");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err())
                .isEqualTo("marina: unknown condition 'happy'; marina can wait --for=ready; see: marina wait cluster"
                        + " --help\n");
        assertThat(controlPlane.requests()).isEmpty();
    }

    @Test
    void aBadTimeoutIsAUsageErrorNamingTheAcceptedForms() {
        CliRunner.Result result = marina.run("wait", "cluster", "demo", "--for=ready", "--timeout=soon");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("'soon' is not a duration; write e.g. 90s, 2m, 1m30s");
        assertThat(result.err().lines()).hasSize(1);
    }

    @Test
    void aMissingClusterEndsTheWait() {
        controlPlane.respond("GET", "/api/v1/clusters/nope", 404, "{\"error\":\"no cluster named nope\"}");

        CliRunner.Result result = marina.run("wait", "cluster", "nope", "--for=ready");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(result.err()).isEqualTo("marina: no cluster named nope\n");
    }
}
