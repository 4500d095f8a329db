package dev.marina.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marina.api.DatabaseOperation;
import dev.marina.api.OperationSpec;
import dev.marina.api.OperationStep;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DescribeOperationCommandTest extends FakeControlPlaneTest {

    @BeforeEach
    void start() {
        marina.clock(Clock.fixed(Instant.parse("2026-11-20T10:10:00Z"), ZoneOffset.UTC));
    }

    @Test
    void describesWhatWasAskedWhereItIsAndEveryStep() {
        DatabaseOperation restart = TestOperations.pending(
                "demo-restart-4", TestOperations.rollingRestartSpec(), TestOperations.rollingRestart(), null);
        controlPlane.showsInTurn(TestOperations.running(restart, 1, "waiting until demo-postgres-3 streams again"));

        CliRunner.Result result = marina.run("describe", "op", "demo-restart-4");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).isEqualTo("""
                Name:                demo-restart-4
                Cluster:             demo
                Type:                restart
                Phase:               Running
                Message:             -
                Step:                2/4
                Created:             2026-11-20T10:00:00Z (10m ago)
                Started:             2026-11-20T10:00:01Z (9m59s ago)
                Finished:            -

                Steps:
                  1. Succeeded  restart demo-postgres-2 (restart) and wait until it streams again
                                demo-postgres-2 streams again
                  2. Running    restart demo-postgres-3 (restart) and wait until it streams again
                                waiting until demo-postgres-3 streams again
                  3. Pending    switch over from demo-postgres-1 to the best replica already restarted
                  4. Pending    restart demo-postgres-1: it restarts as a replica of the new primary; wait until it streams
                """);
    }

    @Test
    void showsTheFieldsGivenAndHowLongAFinishedOperationTook() {
        OperationSpec spec = OperationSpec.of("demo", OperationSpec.DECOMMISSION)
                .withMember("demo-postgres-3")
                .withKeepData(true)
                .withForce(true);
        DatabaseOperation decommission = TestOperations.pending(
                "demo-decommission-7",
                spec,
                List.of(OperationStep.planned(
                        1,
                        OperationStep.REMOVE,
                        "demo-postgres-3",
                        "lower postgres replicas to 2, stop demo-postgres-3 and keep its data on disk")),
                null);
        controlPlane.showsInTurn(TestOperations.failed(decommission, 1, "demo-postgres-3 did not stop"));

        CliRunner.Result result = marina.run("describe", "operation", "demo-decommission-7");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out())
                .contains("""
                        Type:                decommission
                        Member:              demo-postgres-3
                        Keep data:           true
                        Force:               true
                        Phase:               Failed
                        Message:             step 1 failed: demo-postgres-3 did not stop
                        Step:                1/1
                        """)
                .contains("Finished:            2026-11-20T10:01:31Z (8m29s ago, took 1m30s)\n")
                .contains(
                        "  1. Failed     lower postgres replicas to 2, stop demo-postgres-3 and keep its data on disk\n")
                .contains("                demo-postgres-3 did not stop\n");
    }

    @Test
    void printsJsonForScripts() {
        controlPlane.respond(
                "GET",
                "/api/v1/operations/demo-restart-4",
                200,
                "{\"metadata\":{\"name\":\"demo-restart-4\"},\"status\":{\"phase\":\"Running\"}}");

        CliRunner.Result result = marina.run("describe", "op", "demo-restart-4", "-o", "json");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).startsWith("{\n  \"metadata\" : {").contains("\"phase\" : \"Running\"");
    }

    @Test
    void reportsAnUnknownOperationWithTheServersMessage() {
        controlPlane.respond(
                "GET",
                "/api/v1/operations/nope",
                404,
                "{\"error\":\"no operation named nope; list them with: marina get ops\"}");

        CliRunner.Result result = marina.run("describe", "op", "nope");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).isEqualTo("marina: no operation named nope; list them with: marina get ops\n");
    }
}
