package dev.marina.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs programs for the benchmarks, as the unprivileged engine user when the benchmark runs as root. */
final class Shell {

    static final String ENGINE_USER = "marina";

    private Shell() {}

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    static List<String> asEngineUser(List<String> command) {
        if (!isRoot()) {
            return command;
        }
        List<String> full = new ArrayList<>(
                List.of("setpriv", "--reuid=" + ENGINE_USER, "--regid=" + ENGINE_USER, "--init-groups", "--"));
        full.addAll(command);
        return full;
    }

    /** Hands {@code path} to the engine user, which must write there, when the benchmark runs as root. */
    static void giveToEngineUser(Path path) throws IOException, InterruptedException {
        if (isRoot()) {
            run(List.of("chown", ENGINE_USER + ":" + ENGINE_USER, path.toString()), Map.of(), null);
        }
    }

    static String run(List<String> command, Map<String, String> environment, Path directory)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        Process process = builder.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + output);
        }
        return output;
    }
}
