package dev.marina.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DeleteCommandTest extends FakeControlPlaneTest {

    @Test
    void deletesAndWaitsUntilTheClusterIsGone() {
        String deleting = TestClusters.json(TestClusters.ready("demo"));
        controlPlane.respond("DELETE", "/api/v1/clusters/demo", 202, deleting);
        controlPlane.respondInTurn(
                "GET",
                "/api/v1/clusters/demo",
                List.of(200, 200, 404),
                List.of(deleting, deleting, "{\"error\":\"no cluster named demo\"}"));

        CliRunner.Result result = marina.run("delete", "cluster", "demo", "--purge");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).isEqualTo("databasecluster/demo deleted (data purged)\n");
        assertThat(result.err())
                .startsWith("waiting for cluster demo to be deleted")
                .endsWith("done\n");
        assertThat(controlPlane.requests("DELETE", "/api/v1/clusters/demo"))
                .singleElement()
                .extracting(FakeControlPlane.Request::query)
                .isEqualTo("purge=true");
        assertThat(controlPlane.requests("GET", "/api/v1/clusters/demo")).hasSize(3);
    }

    @Test
    void keepsDataAndReturnsAtOnceWithoutWait() {
        controlPlane.respond("DELETE", "/api/v1/clusters/demo", 202, TestClusters.json(TestClusters.ready("demo")));

        CliRunner.Result result = marina.run("delete", "cluster", "demo", "--no-wait");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).isEqualTo("databasecluster/demo deleting (data kept)\n");
        assertThat(controlPlane
                        .requests("DELETE", "/api/v1/clusters/demo")
                        .get(0)
                        .query())
                .isEqualTo("purge=false");
        assertThat(controlPlane.requests("GET", "/api/v1/clusters/demo")).isEmpty();
    }

    @Test
    void showsTheRefusalOfAProtectedCluster() {
        controlPlane.respond(
                "DELETE",
                "/api/v1/clusters/demo",
                409,
                "{\"error\":\"cluster demo has spec.deletionProtection: true; apply it with deletionProtection: false,"
                        + " then delete it\"}");

        CliRunner.Result result = marina.run("delete", "cluster", "demo");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(result.err())
                .isEqualTo("marina: cluster demo has spec.deletionProtection: true; apply it with"
                        + " deletionProtection: false, then delete it\n");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void givesUpWaitingAfterTheTimeout() {
        String deleting = TestClusters.json(TestClusters.ready("demo"));
        controlPlane.respond("DELETE", "/api/v1/clusters/demo", 202, deleting);
        controlPlane.respond("GET", "/api/v1/clusters/demo", 200, deleting);

        CliRunner.Result result = marina.run("delete", "cluster", "demo", "--timeout=100ms");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(result.err())
                .endsWith("marina: cluster demo still exists after 100ms (phase Running); look closer with:"
                        + " marina describe cluster demo\n");
    }
}
