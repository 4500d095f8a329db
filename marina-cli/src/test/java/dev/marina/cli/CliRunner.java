package dev.marina.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** Runs {@code marina} in-process with its own MARINA_HOME, stdin, clock and streams, and keeps what it printed. */
final class CliRunner {

    private final Map<String, String> environment = new HashMap<>();
    private final Path userHome;
    private String stdin = "";
    private Clock clock = Clock.systemUTC();
    private Duration pollInterval = Duration.ofMillis(10);
    private String serverMainClass = CommandContext.SERVER_MAIN_CLASS;

    CliRunner(Path home) {
        environment.put(MarinaHome.VARIABLE, home.toString());
        environment.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        this.userHome = home.resolve("user-home");
    }

    CliRunner environment(String name, String value) {
        environment.put(name, value);
        return this;
    }

    CliRunner stdin(String text) {
        this.stdin = text;
        return this;
    }

    CliRunner clock(Clock newClock) {
        this.clock = newClock;
        return this;
    }

    CliRunner serverMainClass(String className) {
        this.serverMainClass = className;
        return this;
    }

    Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandContext context = new CommandContext(
                environment,
                userHome,
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintWriter(out, true),
                new PrintWriter(err, true),
                clock,
                pollInterval,
                serverMainClass);
        int exitCode = MarinaCommand.execute(context, args);
        return new Result(exitCode, out.toString(), err.toString());
    }

    record Result(int exitCode, String out, String err) {

        @Override
        public String toString() {
            // Shown by AssertJ when an assertion on the result fails: all three, so the failure explains itself.
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }
}
