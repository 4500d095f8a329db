package dev.marina.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marina.api.DatabaseOperation;
import dev.marina.api.OperationSpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code marina op ... --wait}: progress on stderr as steps advance, how it ended on stdout and in the exit code. */
class OperationWaitTest extends FakeControlPlaneTest {

    private DatabaseOperation created;

    @BeforeEach
    void start() {
        created = TestOperations.pending(
                "demo-restart-4",
                TestOperations.rollingRestartSpec(),
                TestOperations.rollingRestart(),
                "queued behind demo-switchover-3");
        controlPlane.creates(created);
    }

    @Test
    void followsTheStepsUntilTheOperationSucceeds() {
        controlPlane.showsInTurn(
                created,
                TestOperations.running(created, 0, null),
                TestOperations.running(created, 0, "waiting until demo-postgres-2 streams again"),
                TestOperations.running(created, 1, "waiting until demo-postgres-3 streams again"),
                TestOperations.running(created, 3, "waiting until demo-postgres-1 streams again"),
                TestOperations.succeeded(created));

        CliRunner.Result result = marina.run("op", "restart", "demo", "--wait");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).isEqualTo("operation demo-restart-4 succeeded: done\n");
        assertThat(result.err()).isEqualTo("""
                operation demo-restart-4 created (Pending); waiting until it ends (Ctrl-C stops the wait, not the operation)
                queued behind demo-switchover-3
                operation demo-restart-4 running
                step 1/4 restart demo-postgres-2: restart demo-postgres-2 (restart) and wait until it streams again
                step 1/4 restart demo-postgres-2: waiting until demo-postgres-2 streams again
                step 1/4 restart demo-postgres-2 succeeded: demo-postgres-2 streams again
                step 2/4 restart demo-postgres-3: waiting until demo-postgres-3 streams again
                step 2/4 restart demo-postgres-3 succeeded: demo-postgres-3 streams again
                step 3/4 switchover succeeded: done
                step 4/4 await-rejoin demo-postgres-1: waiting until demo-postgres-1 streams again
                step 4/4 await-rejoin demo-postgres-1 succeeded: demo-postgres-1 streams again
                """);
        assertThat(controlPlane.requests("GET", "/api/v1/operations/demo-restart-4"))
                .hasSize(6);
    }

    @Test
    void aFailedOperationExitsOneWithItsMessage() {
        controlPlane.showsInTurn(
                TestOperations.running(created, 0, "waiting until demo-postgres-2 streams again"),
                TestOperations.failed(created, 1, "demo-postgres-2 did not stream again within 1m (it is starting)"));

        CliRunner.Result result = marina.run("op", "restart", "demo", "--wait");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(result.out()).isEmpty();
        assertThat(result.err())
                .contains("step 1/4 restart demo-postgres-2 failed: demo-postgres-2 did not stream again within 1m"
                        + " (it is starting)\n")
                .doesNotContain("step 2/4")
                .endsWith("marina: operation demo-restart-4 failed: step 1 failed: demo-postgres-2 did not stream"
                        + " again within 1m (it is starting); look closer with: marina describe op"
                        + " demo-restart-4\n");
    }

    @Test
    void aCancelledOperationExitsOne() {
        controlPlane.showsInTurn(TestOperations.cancelledBeforeStart(created));

        CliRunner.Result result = marina.run("op", "restart", "demo", "--wait");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(result.err())
                .endsWith("marina: operation demo-restart-4 cancelled: cancelled before it started; look closer with:"
                        + " marina describe op demo-restart-4\n");
        assertThat(result.err()).doesNotContain("step ");
    }

    @Test
    void givesUpAfterTheTimeoutSayingWhereTheOperationIs() {
        controlPlane.showsInTurn(TestOperations.running(created, 1, "waiting until demo-postgres-3 streams again"));

        CliRunner.Result result = marina.run("op", "restart", "demo", "--wait", "--timeout=200ms");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(result.out()).isEmpty();
        assertThat(result.err().lines().toList().getLast())
                .isEqualTo("marina: operation demo-restart-4 still running (step 2/4 restart demo-postgres-3:"
                        + " waiting until demo-postgres-3 streams again) after 200ms; it goes on without this wait:"
                        + " follow it with marina describe op demo-restart-4, or stop it with marina op cancel"
                        + " demo-restart-4");
    }

    @Test
    void printsHowItEndedAsJsonAndKeepsProgressOnStderr() {
        controlPlane.showsInTurn(TestOperations.succeeded(created));

        CliRunner.Result result = marina.run("op", "restart", "demo", "--wait", "-o", "json");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out())
                .startsWith("{\n")
                .contains("\"phase\" : \"Succeeded\"")
                .doesNotContain("operation demo-restart-4 created");
        assertThat(result.err()).startsWith("operation demo-restart-4 created (Pending)");
    }

    @Test
    void printsAFailedOperationAsJsonTooAndExitsOne() {
        controlPlane.showsInTurn(TestOperations.failed(created, 2, "demo-postgres-3 did not start"));

        CliRunner.Result result = marina.run("op", "restart", "demo", "--wait", "-o", "json");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(result.out()).startsWith("{\n").contains("\"phase\" : \"Failed\"");
        assertThat(result.err()).endsWith("look closer with: marina describe op demo-restart-4\n");
    }

    @Test
    void anOperationCreatedFinishedNeedsNoPolling() {
        OperationSpec spec = OperationSpec.of("demo", OperationSpec.SCALE).withScale("postgres", 3);
        controlPlane.creates(
                TestOperations.nothingToDo("demo-scale-2", spec, "nothing to do: postgres already has 3 member(s)"));

        CliRunner.Result result =
                marina.run("op", "scale", "demo", "--component", "postgres", "--replicas", "3", "--wait");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out())
                .isEqualTo("operation demo-scale-2 succeeded: nothing to do: postgres already has 3 member(s)\n");
        assertThat(controlPlane.requests("GET", "/api/v1/operations/demo-scale-2"))
                .isEmpty();
    }
}
