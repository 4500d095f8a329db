package dev.marina.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code marina up} and {@code marina down} with a real background process (a fake control plane main class). */
class UpDownCommandTest {

    @TempDir
    Path home;

    private CliRunner marina() {
        return new CliRunner(home).serverMainClass(FakeServerMain.class.getName());
    }

    @AfterEach
    void stopWhatThisTestStarted() {
        // Only the process named in this test's own server.json: a failed assertion must not leave it running.
        Optional<ServerFile> server = ServerFile.read(home.resolve("server.json"));
        server.flatMap(file -> ProcessHandle.of(file.pid())).ifPresent(ProcessHandle::destroy);
    }

    @Test
    void upStartsTheControlPlaneOnceAndDownStopsIt() throws IOException {
        CliRunner.Result up = marina().run("up");

        assertThat(up.exitCode()).as(up.toString()).isZero();
        ServerFile server = ServerFile.read(home.resolve("server.json")).orElseThrow();
        assertThat(up.out()).isEqualTo("control plane running (pid " + server.pid() + ", " + server.baseUri() + ")\n");
        assertThat(up.err()).startsWith("starting the control plane (log: " + home.resolve("logs/server.log") + ")");
        assertThat(server.isProcessAlive()).isTrue();
        assertThat(sessionOf(server.pid())).as("session of the control plane").isEqualTo(server.pid());

        CliRunner.Result again = marina().run("up");
        assertThat(again.out())
                .isEqualTo("control plane already running (pid " + server.pid() + ", " + server.baseUri() + ")\n");

        CliRunner.Result status = marina().run("status");
        assertThat(status.exitCode()).as(status.toString()).isZero();
        assertThat(status.out()).contains(String.valueOf(server.pid())).contains(home.toString());

        CliRunner.Result down = marina().run("down");
        assertThat(down.exitCode()).as(down.toString()).isZero();
        assertThat(down.out()).isEqualTo("control plane stopped\n");
        assertThat(server.isProcessAlive()).isFalse();
        assertThat(home.resolve("server.json")).doesNotExist();

        CliRunner.Result downAgain = marina().run("down");
        assertThat(downAgain.exitCode()).isZero();
        assertThat(downAgain.out()).isEqualTo("control plane not running\n");
    }

    @Test
    void upShowsTheLogWhenTheControlPlaneDiesBeforeAnswering() throws Exception {
        Files.createDirectories(home.resolve("logs"));
        Files.writeString(home.resolve("logs/server.log"), "an older run's line\n");

        CliRunner.Result up = marina().environment("FAKE_SERVER_MODE", "fail").run("up");

        assertThat(up.exitCode()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(up.out()).isEmpty();
        assertThat(up.err())
                .contains("last 1 lines of " + home.resolve("logs/server.log") + ":\n"
                        + "  fake control plane: cannot open the store, failing on purpose\n")
                .doesNotContain("an older run's line")
                .endsWith("marina: the control plane exited with code 4 before its API answered; read the log above"
                        + " or " + home.resolve("logs/server.log") + "\n");
    }

    /** The session a process belongs to (Linux): a process that leads its own session has its pid as session. */
    private static long sessionOf(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
        // After the command name in parentheses: state, parent pid, process group, session.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[3]);
    }
}
