package dev.marina.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogsCommandTest {

    @TempDir
    Path home;

    @Test
    void printsTheMembersLogTail() {
        try (FakeControlPlane controlPlane = FakeControlPlane.start(home)) {
            controlPlane.respond(
                    "GET",
                    "/api/v1/clusters/demo/members/demo-postgres-2/logs",
                    200,
                    "{\"cluster\":\"demo\",\"member\":\"demo-postgres-2\",\"path\":\"/x/postgres.log\","
                            + "\"text\":\"LOG:  started streaming WAL\\nLOG:  checkpoint complete\"}");

            CliRunner.Result result = new CliRunner(home).run("logs", "demo", "demo-postgres-2", "--lines", "2");

            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(result.out()).isEqualTo("LOG:  started streaming WAL\nLOG:  checkpoint complete\n");
            assertThat(controlPlane.requests().get(0).query()).isEqualTo("lines=2");
        }
    }

    @Test
    void refusesANonPositiveLineCount() {
        CliRunner.Result result = new CliRunner(home).run("logs", "demo", "demo-postgres-2", "--lines", "0");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).isEqualTo("marina: --lines must be at least 1, got 0; see: marina logs --help\n");
    }
}
