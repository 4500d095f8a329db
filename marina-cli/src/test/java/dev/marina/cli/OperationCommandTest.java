package dev.marina.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marina.api.OperationSpec;
import dev.marina.api.OperationStep;
import dev.marina.api.http.ApiError;
import dev.marina.api.validation.FieldError;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code marina op ...} without --wait: what each command asks for, and what it prints back. */
class OperationCommandTest extends FakeControlPlaneTest {

    @Test
    void switchoverCreatesTheOperationAndSaysHowToFollowIt() {
        OperationSpec spec = OperationSpec.of("demo", OperationSpec.SWITCHOVER).withTo("demo-postgres-2");
        controlPlane.creates(TestOperations.pending(
                "demo-switchover-3", spec, TestOperations.switchoverTo("demo-postgres-2"), null));

        CliRunner.Result result = marina.run("op", "switchover", "demo", "--to", "demo-postgres-2");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out())
                .isEqualTo("operation demo-switchover-3 created (Pending); follow it with: marina describe op"
                        + " demo-switchover-3\n");
        assertThat(result.err()).isEmpty();
        assertThat(controlPlane.operationRequests())
                .containsExactly("{\"cluster\":\"demo\",\"type\":\"switchover\",\"to\":\"demo-postgres-2\"}");
        FakeControlPlane.Request request =
                controlPlane.requests("POST", FakeControlPlane.OPERATIONS).get(0);
        assertThat(request.query()).isNull();
        assertThat(request.contentType()).isEqualTo("application/json");
    }

    @Test
    void aQueuedOperationSaysBehindWhichItWaits() {
        controlPlane.creates(TestOperations.pending(
                "demo-restart-4",
                TestOperations.rollingRestartSpec(),
                TestOperations.rollingRestart(),
                "queued behind demo-switchover-3"));

        CliRunner.Result result = marina.run("op", "restart", "demo");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).isEqualTo("""
                operation demo-restart-4 created (Pending); follow it with: marina describe op demo-restart-4
                queued behind demo-switchover-3
                """);
        assertThat(controlPlane.operationRequests()).containsExactly("{\"cluster\":\"demo\",\"type\":\"restart\"}");
    }

    @Test
    void eachCommandAsksForItsOwnFields() {
        controlPlane.creates(TestOperations.pending(
                "demo-any-1", TestOperations.rollingRestartSpec(), TestOperations.rollingRestart(), null));

        marina.run("op", "restart", "demo", "demo-postgres-2");
        marina.run("op", "rebuild", "demo", "demo-postgres-3", "--force");
        marina.run("op", "decommission", "demo", "demo-postgres-3", "--keep-data");
        marina.run("op", "scale", "demo", "--component", "postgres", "--replicas", "5");
        marina.run("op", "scale", "demo", "--component=postgres", "--replicas=1", "--force");

        assertThat(controlPlane.operationRequests())
                .containsExactly(
                        "{\"cluster\":\"demo\",\"type\":\"restart\",\"member\":\"demo-postgres-2\"}",
                        "{\"cluster\":\"demo\",\"type\":\"rebuild\",\"member\":\"demo-postgres-3\",\"force\":true}",
                        "{\"cluster\":\"demo\",\"type\":\"decommission\",\"member\":\"demo-postgres-3\","
                                + "\"keepData\":true}",
                        "{\"cluster\":\"demo\",\"type\":\"scale\",\"component\":\"postgres\",\"replicas\":5}",
                        "{\"cluster\":\"demo\",\"type\":\"scale\",\"component\":\"postgres\",\"replicas\":1,"
                                + "\"force\":true}");
    }

    @Test
    void aDryRunPrintsTheNumberedPlanAndThatNothingWasCreated() {
        controlPlane.plans(TestOperations.planned(
                TestOperations.rollingRestartSpec(),
                TestOperations.rollingRestart(),
                "dry run: nothing was created; would be queued behind demo-switchover-3"));

        CliRunner.Result result = marina.run("op", "restart", "demo", "--dry-run");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).isEqualTo("""
                plan for restart of cluster demo (4 steps):
                  1. restart demo-postgres-2 (restart) and wait until it streams again
                  2. restart demo-postgres-3 (restart) and wait until it streams again
                  3. switch over from demo-postgres-1 to the best replica already restarted
                  4. restart demo-postgres-1: it restarts as a replica of the new primary; wait until it streams
                dry run: nothing was created; would be queued behind demo-switchover-3
                """);
        assertThat(controlPlane.requests("POST", FakeControlPlane.OPERATIONS))
                .singleElement()
                .extracting(FakeControlPlane.Request::query)
                .isEqualTo("dryRun=true");
    }

    @Test
    void aDryRunWithNothingToDoSaysSo() {
        OperationSpec spec = OperationSpec.of("demo", OperationSpec.SCALE).withScale("postgres", 3);
        controlPlane.plans(TestOperations.planned(spec, List.of(), "dry run: nothing was created"));

        CliRunner.Result result =
                marina.run("op", "scale", "demo", "--component", "postgres", "--replicas", "3", "--dry-run");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).isEqualTo("""
                plan for scale of cluster demo: nothing to do
                dry run: nothing was created
                """);
    }

    @Test
    void anOperationWithNothingToDoIsCreatedFinishedAndSaysWhy() {
        OperationSpec spec = OperationSpec.of("demo", OperationSpec.SCALE).withScale("postgres", 3);
        controlPlane.creates(
                TestOperations.nothingToDo("demo-scale-2", spec, "nothing to do: postgres already has 3 member(s)"));

        CliRunner.Result result = marina.run("op", "scale", "demo", "--component", "postgres", "--replicas", "3");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out())
                .isEqualTo("operation demo-scale-2 created (Succeeded): nothing to do: postgres already has 3"
                        + " member(s)\n");
    }

    @Test
    void aRefusalShowsTheControlPlanesMessageOnceAndExitsOne() {
        String why = "cannot rebuild demo-postgres-3 in synchronous cluster demo: it is the last replica, so commits"
                + " would wait with nobody to confirm them; scale out first, or pass --force to give up synchronous"
                + " redundancy";
        controlPlane.refuses(409, new ApiError(why, List.of(new FieldError(null, "spec.force", why))));

        CliRunner.Result result = marina.run("op", "rebuild", "demo", "demo-postgres-3");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).isEqualTo("marina: " + why + "\n");
    }

    @Test
    void anUnknownClusterIsReportedWithTheControlPlanesMessage() {
        controlPlane.refuses(404, ApiError.of("cluster nope not found; list clusters with: marina get clusters"));

        CliRunner.Result result = marina.run("op", "switchover", "nope");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(result.err()).isEqualTo("marina: cluster nope not found; list clusters with: marina get clusters\n");
    }

    @Test
    void anInvalidRequestListsEachField() {
        controlPlane.refuses(
                422,
                new ApiError(
                        "2 problems; nothing was changed",
                        List.of(
                                new FieldError(null, "spec.cluster", "must be a DNS label"),
                                new FieldError(null, "spec.member", "missing; name the member to rebuild"))));

        CliRunner.Result result = marina.run("op", "rebuild", "Demo!", "");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(result.err()).isEqualTo("""
                marina: 2 problems; nothing was changed
                  spec.cluster: must be a DNS label
                  spec.member: missing; name the member to rebuild
                """);
    }

    @Test
    void printsTheCreatedOperationAsJsonForScripts() {
        controlPlane.respond(
                "POST",
                FakeControlPlane.OPERATIONS,
                201,
                "{\"apiVersion\":\"marina.dev/v1alpha1\",\"kind\":\"DatabaseOperation\",\"metadata\":{\"name\":"
                        + "\"demo-rebuild-5\"},\"spec\":{\"cluster\":\"demo\",\"type\":\"rebuild\",\"member\":"
                        + "\"demo-postgres-3\"},\"status\":{\"phase\":\"Pending\",\"steps\":[]},\"futureField\":1}");

        CliRunner.Result result = marina.run("op", "rebuild", "demo", "demo-postgres-3", "-o", "json");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out())
                .startsWith("{\n  \"apiVersion\" : \"marina.dev/v1alpha1\",")
                .contains("\"name\" : \"demo-rebuild-5\"")
                .endsWith("  \"futureField\" : 1\n}\n");
    }

    @Test
    void printsThePlanAsYamlForScripts() {
        controlPlane.plans(TestOperations.planned(
                OperationSpec.of("demo", OperationSpec.SWITCHOVER),
                TestOperations.switchoverTo("demo-postgres-2"),
                "dry run: nothing was created"));

        CliRunner.Result result = marina.run("op", "switchover", "demo", "--dry-run", "-o", "yaml");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out())
                .startsWith("apiVersion: marina.dev/v1alpha1\nkind: DatabaseOperation\n")
                .contains("message: \"dry run: nothing was created\"")
                .contains("action: " + OperationStep.SWITCHOVER);
    }
}
