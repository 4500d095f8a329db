package dev.marina.cli;

import static java.util.Objects.requireNonNull;

import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * Everything a command reads from the world outside its arguments. Passed in rather than read from {@code System} so
 * that tests run commands in-process against their own MARINA_HOME, streams and poll interval.
 *
 * @param environment the environment variables (MARINA_HOME is read from here and passed on to the control plane)
 * @param userHome where {@code ~/.marina} lives when MARINA_HOME is not set
 * @param in standard input, for {@code apply -f -}
 * @param out results
 * @param err progress and errors
 * @param clock for ages and deadlines
 * @param pollInterval how often waiting commands ask the control plane again
 * @param serverMainClass the control plane's main class, started by {@code marina up}
 */
public record CommandContext(
        Map<String, String> environment,
        Path userHome,
        InputStream in,
        PrintWriter out,
        PrintWriter err,
        Clock clock,
        Duration pollInterval,
        String serverMainClass) {

    public static final String SERVER_MAIN_CLASS = "dev.marina.server.ServerMain";
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(500);

    public CommandContext {
        environment = Map.copyOf(requireNonNull(environment, "environment is null"));
        requireNonNull(userHome, "userHome is null");
        requireNonNull(in, "in is null");
        requireNonNull(out, "out is null");
        requireNonNull(err, "err is null");
        requireNonNull(clock, "clock is null");
        requireNonNull(pollInterval, "pollInterval is null");
        requireNonNull(serverMainClass, "serverMainClass is null");
    }

    /** The context of a real invocation from a shell. */
    public static CommandContext system() {
        return new CommandContext(
                System.getenv(),
                Path.of(System.getProperty("user.home")),
                System.in,
                new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true),
                new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true),
                Clock.systemUTC(),
                DEFAULT_POLL_INTERVAL,
                SERVER_MAIN_CLASS);
    }

    public MarinaHome home() {
        return MarinaHome.resolve(environment, userHome);
    }
}
