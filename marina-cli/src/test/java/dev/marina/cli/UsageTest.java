package dev.marina.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UsageTest {

    @TempDir
    Path home;

    @Test
    void helpListsEveryCommandAndTheExitCodes() {
        CliRunner.Result result = new CliRunner(home).run("--help");

        assertThat(result.exitCode()).isZero();
        for (String command : List.of(
                "up",
                "down",
                "status",
                "demo",
                "apply",
                "render",
                "get",
                "describe",
                "delete",
                "wait",
                "op",
                "connect",
                "logs")) {
            assertThat(result.out()).containsPattern("(?m)^  " + command + " +\\S");
        }
        assertThat(result.out()).contains("Exit codes:").contains("3   the control plane is not running");
    }

    @Test
    void marinaAloneShowsTheHelp() {
        CliRunner.Result result = new CliRunner(home).run();

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("Usage: marina");
    }

    @Test
    void everySubcommandHasHelpWithExamples() {
        for (List<String> command : List.of(
                List.of("up"),
                List.of("down"),
                List.of("status"),
                List.of("demo"),
                List.of("apply"),
                List.of("render"),
                List.of("get", "clusters"),
                List.of("describe", "cluster"),
                List.of("delete", "cluster"),
                List.of("wait", "cluster"),
                List.of("get", "ops"),
                List.of("describe", "op"),
                List.of("op"),
                List.of("op", "switchover"),
                List.of("op", "restart"),
                List.of("op", "rebuild"),
                List.of("op", "decommission"),
                List.of("op", "scale"),
                List.of("op", "cancel"),
                List.of("connect"),
                List.of("logs"))) {
            String[] args = Stream.concat(command.stream(), Stream.of("--help")).toArray(String[]::new);

            CliRunner.Result result = new CliRunner(home).run(args);

            assertThat(result.exitCode()).as(String.join(" ", command)).isZero();
            assertThat(result.out())
                    .as(String.join(" ", command))
                    .contains("Usage: marina " + String.join(" ", command))
                    .contains("Examples:\n  marina " + command.get(0));
        }
    }

    @Test
    void printsTheVersion() {
        CliRunner.Result result = new CliRunner(home).run("--version");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).startsWith("marina 0.").contains("Java ");
    }

    @Test
    void anUnknownCommandIsOneLineAndExitCodeTwo() {
        CliRunner.Result result = new CliRunner(home).run("statsu");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err())
                .isEqualTo("marina: unmatched argument at index 0: 'statsu' (did you mean status?); see: marina"
                        + " --help\n");
    }

    @Test
    void aResourceCommandWithoutAResourceSaysWhatToType() {
        CliRunner.Result result = new CliRunner(home).run("get");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err())
                .isEqualTo("marina: say what to get: marina get clusters, marina get cluster NAME, or marina get"
                        + " ops; see: marina get --help\n");
    }

    @Test
    void aMissingArgumentIsAUsageError() {
        CliRunner.Result result = new CliRunner(home).run("describe", "cluster");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err())
                .isEqualTo("marina: missing required parameter: 'NAME'; see: marina describe cluster --help\n");
    }
}
