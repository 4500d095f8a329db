package dev.marina.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatusCommandTest {

    private static final String NOT_RUNNING = "marina: control plane not running; start it with: marina up\n";

    @TempDir
    Path home;

    @Test
    void withoutServerJsonTheControlPlaneIsNotRunning() {
        CliRunner.Result result = new CliRunner(home).run("status");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.NOT_RUNNING);
        assertThat(result.err()).isEqualTo(NOT_RUNNING);
        assertThat(result.out()).isEmpty();
    }

    @Test
    void aServerJsonWhosePidIsGoneIsStale() throws IOException, InterruptedException {
        Process finished = new ProcessBuilder("true").start();
        finished.waitFor();
        Files.writeString(
                home.resolve("server.json"),
                "{\"pid\": " + finished.pid() + ", \"address\": \"127.0.0.1:1\", \"token\": \"t\"}");

        CliRunner.Result result = new CliRunner(home).run("status");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.NOT_RUNNING);
        assertThat(result.err()).isEqualTo(NOT_RUNNING);
    }

    @Test
    void aLivePidThatRefusesConnectionsIsNotRunningEither() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Files.writeString(
                home.resolve("server.json"),
                "{\"pid\": " + ProcessHandle.current().pid() + ", \"address\": \"127.0.0.1:" + closedPort
                        + "\", \"token\": \"t\"}");

        CliRunner.Result result = new CliRunner(home).run("status");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.NOT_RUNNING);
        assertThat(result.err()).isEqualTo(NOT_RUNNING);
    }

    @Test
    void aBrokenServerJsonIsNamed() throws IOException {
        Files.writeString(home.resolve("server.json"), "{\"pid\": ");

        CliRunner.Result result = new CliRunner(home).run("status");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(result.err())
                .isEqualTo("marina: " + home.resolve("server.json") + " is unreadable (it is not JSON); if no"
                        + " control plane runs, remove it and run: marina up\n");
    }

    @Test
    void showsTheRunningControlPlane() {
        try (FakeControlPlane controlPlane = FakeControlPlane.start(home)) {
            controlPlane.respond(
                    "GET",
                    "/api/v1/status",
                    200,
                    "{\"version\":\"0.1.0\",\"pid\":4242,\"address\":\"127.0.0.1:40123\",\"home\":\"/home/me/.marina\","
                            + "\"startedAt\":\"2026-11-20T10:00:00Z\",\"clusters\":2,\"runtime\":\"local\"}");
            CliRunner marina =
                    new CliRunner(home).clock(Clock.fixed(Instant.parse("2026-11-20T10:12:00Z"), ZoneOffset.UTC));

            CliRunner.Result table = marina.run("status");
            CliRunner.Result json = marina.run("status", "-o", "json");

            assertThat(table.exitCode()).as(table.toString()).isZero();
            assertThat(table.out())
                    .isEqualTo("PID    API                      HOME               STARTED   CLUSTERS   VERSION\n"
                            + "4242   http://127.0.0.1:40123   /home/me/.marina   12m ago   2          0.1.0\n");
            assertThat(json.out()).contains("\"pid\" : 4242").contains("\"runtime\" : \"local\"");
        }
    }
}
