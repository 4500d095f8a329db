package dev.marina.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marina.api.DatabaseOperation;
import dev.marina.api.OperationSpec;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GetOperationsCommandTest extends FakeControlPlaneTest {

    @BeforeEach
    void start() {
        marina.clock(Clock.fixed(Instant.parse("2026-11-20T10:05:30Z"), ZoneOffset.UTC));
    }

    @Test
    void listsOperationsOldestFirstWithTheStepTheyAreAt() {
        DatabaseOperation switchover = TestOperations.pending(
                "demo-switchover-3",
                OperationSpec.of("demo", OperationSpec.SWITCHOVER),
                TestOperations.switchoverTo("demo-postgres-2"),
                null);
        DatabaseOperation restart = TestOperations.pending(
                "demo-restart-4",
                TestOperations.rollingRestartSpec(),
                TestOperations.rollingRestart(),
                "queued behind demo-switchover-3");
        DatabaseOperation rebuild = TestOperations.pending(
                "orders-rebuild-1",
                OperationSpec.of("orders", OperationSpec.REBUILD).withMember("orders-postgres-2"),
                TestOperations.rollingRestart(),
                null);
        controlPlane.lists(List.of(
                TestOperations.succeeded(switchover),
                TestOperations.running(
                        restart,
                        1,
                        "waiting until demo-postgres-3 streams again, which takes a long"
                                + " while because it replays a lot of write-ahead log"),
                TestOperations.failed(rebuild, 2, "copy failed")));

        CliRunner.Result result = marina.run("get", "ops");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).isEqualTo("""
                NAME                CLUSTER   TYPE         PHASE       STEP   AGE     MESSAGE
                demo-switchover-3   demo      switchover   Succeeded   2/2    5m30s   done
                demo-restart-4      demo      restart      Running     2/4    5m30s   waiting until demo-postgres-3 streams again, which takes ...
                orders-rebuild-1    orders    rebuild      Failed      2/4    5m30s   step 2 failed: copy failed
                """);
        assertThat(controlPlane.requests("GET", FakeControlPlane.OPERATIONS))
                .singleElement()
                .extracting(FakeControlPlane.Request::query)
                .isNull();
    }

    @Test
    void aPendingOperationIsAtStepZero() {
        controlPlane.lists(List.of(TestOperations.pending(
                "demo-restart-4",
                TestOperations.rollingRestartSpec(),
                TestOperations.rollingRestart(),
                "queued behind demo-switchover-3")));

        CliRunner.Result result = marina.run("get", "op", "demo");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out())
                .contains(
                        "demo-restart-4   demo      restart   Pending   0/4    5m30s   queued behind demo-switchover-3");
        assertThat(controlPlane.requests("GET", FakeControlPlane.OPERATIONS))
                .singleElement()
                .extracting(FakeControlPlane.Request::query)
                .isEqualTo("cluster=demo");
    }

    @Test
    void saysSoWhenThereAreNoOperations() {
        controlPlane.lists(List.of());

        CliRunner.Result result = marina.run("get", "operations", "demo");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEmpty();
        assertThat(result.err())
                .isEqualTo("no operations on cluster demo yet; start one with e.g.: marina op switchover demo\n");
    }

    @Test
    void printsJsonExactlyAsTheServerSentIt() {
        controlPlane.respond(
                "GET",
                FakeControlPlane.OPERATIONS,
                200,
                "[{\"metadata\":{\"name\":\"demo-restart-4\"},\"futureField\":true}]");

        CliRunner.Result result = marina.run("get", "ops", "-o", "json");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).isEqualTo("""
                [ {
                  "metadata" : {
                    "name" : "demo-restart-4"
                  },
                  "futureField" : true
                } ]
                """);
    }

    @Test
    void reportsAnUnknownClusterWithTheServersMessage() {
        controlPlane.respond(
                "GET",
                FakeControlPlane.OPERATIONS,
                404,
                "{\"error\":\"cluster nope not found; list clusters with: marina get clusters\"}");

        CliRunner.Result result = marina.run("get", "ops", "nope");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(result.err()).isEqualTo("marina: cluster nope not found; list clusters with: marina get clusters\n");
    }
}
