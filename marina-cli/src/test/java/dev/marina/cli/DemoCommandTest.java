package dev.marina.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marina.api.ClusterSpec;
import dev.marina.api.DatabaseCluster;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code marina demo} up to the point where it needs a real PostgreSQL (which the engine tests cover): it reuses a
 * running control plane and an existing cluster, and fails with one clear line when the database does not answer.
 */
class DemoCommandTest extends FakeControlPlaneTest {

    @BeforeEach
    void start() {
        controlPlane.respond("GET", "/api/v1/health", 200, "{\"status\":\"ok\"}");
    }

    @Test
    void createsTheClusterWaitsForItAndSaysWhenTheDatabaseDoesNotAnswer() throws IOException {
        controlPlane.respondInTurn(
                "GET",
                "/api/v1/clusters/demo",
                List.of(404, 200, 200),
                List.of(
                        "{\"error\":\"no cluster named demo\"}",
                        TestClusters.json(TestClusters.starting("demo")),
                        TestClusters.json(TestClusters.ready("demo"))));
        controlPlane.respond(
                "POST",
                "/api/v1/apply",
                200,
                "{\"applied\":[{\"kind\":\"DatabaseCluster\",\"name\":\"demo\",\"action\":\"created\",\"generation\":1}]}");
        answerConnectionsOnAClosedPort();

        CliRunner.Result result = marina.run("demo");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(controlPlane.requests("POST", "/api/v1/apply").get(0).body()).isEqualTo(DemoCluster.YAML);
        assertThat(result.err())
                .startsWith("control plane already running (pid "
                        + ProcessHandle.current().pid() + ", ")
                .contains("databasecluster/demo created")
                .contains("demo-postgres-2 replica streaming\n")
                .contains("cluster demo ready (3/3 members ready)\n");
        assertThat(result.err().lines().toList().getLast())
                .startsWith("marina: the demo could not use cluster demo (Connection to 127.0.0.1:")
                .endsWith("; look closer with: marina describe cluster demo")
                .doesNotContain("hunter2");
        assertThat(controlPlane.requests("GET", "/api/v1/clusters/demo/connection"))
                .extracting(FakeControlPlane.Request::query)
                .containsExactly("readOnly=false&direct=false", "readOnly=true&direct=false");
    }

    @Test
    void reusesAnExistingDemoCluster() throws IOException {
        controlPlane.respond("GET", "/api/v1/clusters/demo", 200, TestClusters.json(TestClusters.ready("demo")));
        answerConnectionsOnAClosedPort();

        CliRunner.Result result = marina.run("demo");

        assertThat(result.err()).contains("cluster demo already exists; reusing it\n");
        assertThat(controlPlane.requests("POST", "/api/v1/apply")).isEmpty();
    }

    @Test
    void refusesToReuseADemoClusterOfAnotherEngine() {
        DatabaseCluster ready = TestClusters.ready("demo");
        ClusterSpec redis = new ClusterSpec("redis", "7", Map.of(), null, null);
        controlPlane.respond(
                "GET",
                "/api/v1/clusters/demo",
                200,
                TestClusters.json(new DatabaseCluster(
                        ready.apiVersion(), ready.kind(), ready.metadata(), redis, ready.status())));

        CliRunner.Result result = marina.run("demo");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(result.err().lines().toList().getLast())
                .isEqualTo("marina: a cluster named demo exists and runs redis, not PostgreSQL; delete it (marina"
                        + " delete cluster demo) or use another MARINA_HOME");
    }

    private void answerConnectionsOnAClosedPort() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        controlPlane.respond(
                "GET",
                "/api/v1/clusters/demo/connection",
                200,
                "{\"cluster\":\"demo\",\"url\":\"postgresql://app:hunter2@127.0.0.1:" + closedPort + "/app\","
                        + "\"hosts\":[],\"user\":\"app\",\"password\":\"hunter2\",\"database\":\"app\","
                        + "\"readOnly\":false,\"command\":[\"psql\"]}");
    }
}
