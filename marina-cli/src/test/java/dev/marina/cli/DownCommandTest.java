package dev.marina.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DownCommandTest {

    @TempDir
    Path home;

    @Test
    void withoutAControlPlaneThereIsNothingToStop() {
        CliRunner.Result result = new CliRunner(home).run("down");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo("control plane not running\n");
    }

    @Test
    void aLivePidThatDoesNotAnswerIsLeftAlone() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        // This JVM's own pid: were the CLI to signal it, the test run would end here.
        Files.writeString(
                home.resolve("server.json"),
                "{\"pid\": " + ProcessHandle.current().pid() + ", \"address\": \"127.0.0.1:" + closedPort
                        + "\", \"token\": \"t\"}");

        CliRunner.Result result = new CliRunner(home).run("down");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out())
                .isEqualTo("control plane not running (server.json names pid "
                        + ProcessHandle.current().pid() + ", but nothing answers at http://127.0.0.1:" + closedPort
                        + ")\n");
    }

    @Test
    void aRefusedShutdownIsReported() {
        try (FakeControlPlane controlPlane = FakeControlPlane.start(home)) {
            controlPlane.respond("POST", "/api/v1/shutdown", 409, "{\"error\":\"an operation is running; retry\"}");

            CliRunner.Result result = new CliRunner(home).run("down");

            assertThat(result.exitCode()).isEqualTo(ExitCodes.USER_ERROR);
            assertThat(result.err()).isEqualTo("marina: an operation is running; retry\n");
            assertThat(controlPlane.requests("POST", "/api/v1/shutdown").get(0).query())
                    .isEqualTo("stopMembers=true");
        }
    }
}
