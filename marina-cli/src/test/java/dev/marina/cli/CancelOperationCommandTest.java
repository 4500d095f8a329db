package dev.marina.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marina.api.DatabaseOperation;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CancelOperationCommandTest extends FakeControlPlaneTest {

    private static final String CANCEL = "/api/v1/operations/demo-restart-4/cancel";

    private DatabaseOperation restart;

    @BeforeEach
    void start() {
        restart = TestOperations.pending(
                "demo-restart-4", TestOperations.rollingRestartSpec(), TestOperations.rollingRestart(), null);
    }

    @Test
    void aPendingOperationIsCancelledAtOnce() {
        controlPlane.respond("POST", CANCEL, 200, TestOperations.json(TestOperations.cancelledBeforeStart(restart)));

        CliRunner.Result result = marina.run("op", "cancel", "demo-restart-4");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).isEqualTo("operation demo-restart-4 cancelled: cancelled before it started\n");
        assertThat(controlPlane.requests("POST", CANCEL)).hasSize(1);
    }

    @Test
    void aRunningOperationStopsAfterItsStepAndSaysHowToFollowIt() {
        DatabaseOperation running = TestOperations.running(restart, 1, "waiting until demo-postgres-3 streams again");
        controlPlane.respond(
                "POST",
                CANCEL,
                200,
                TestOperations.json(running.withStatus(running.status()
                        .withCancelRequested()
                        .withMessage("cancel requested: stops after the step under way"))));

        CliRunner.Result result = marina.run("op", "cancel", "demo-restart-4");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out())
                .isEqualTo("operation demo-restart-4 running: cancel requested: stops after the step under way;"
                        + " follow it with: marina describe op demo-restart-4\n");
    }

    @Test
    void aFinishedOperationIsRefused() {
        controlPlane.respond(
                "POST",
                CANCEL,
                409,
                "{\"error\":\"operation demo-restart-4 already succeeded; there is nothing to cancel\"}");

        CliRunner.Result result = marina.run("op", "cancel", "demo-restart-4");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(result.out()).isEmpty();
        assertThat(result.err())
                .isEqualTo("marina: operation demo-restart-4 already succeeded; there is nothing to cancel\n");
    }

    @Test
    void printsTheOperationAsYamlForScripts() {
        controlPlane.respond("POST", CANCEL, 200, TestOperations.json(TestOperations.cancelledBeforeStart(restart)));

        CliRunner.Result result = marina.run("op", "cancel", "demo-restart-4", "-o", "yaml");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("phase: Cancelled");
    }

    @Test
    void needsTheOperationsId() {
        CliRunner.Result result = marina.run("op", "cancel");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).isEqualTo("marina: missing required parameter: 'ID'; see: marina op cancel --help\n");
        assertThat(controlPlane.requests()).isEmpty();
    }
}
