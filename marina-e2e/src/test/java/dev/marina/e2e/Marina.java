package dev.marina.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real {@code marina} jar as a user would, against its own MARINA_HOME. Closing it stops the control plane
 * and every engine process under the home, and removes the home.
 */
final class Marina implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path home;
    private final Map<String, String> environment;

    private Marina(Path home, Map<String, String> environment) {
        this.home = home;
        this.environment = environment;
    }

    static Marina withNewHome() {
        return withNewHome(Map.of());
    }

    static Marina withNewHome(Map<String, String> environment) {
        try {
            Path home = Files.createTempDirectory("marina-e2e-");
            // The engine user must be able to pass through (as the default ~/.marina's parents usually allow).
            Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx--x--x"));
            return new Marina(home, environment);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path home() {
        return home;
    }

    record Result(int exitCode, String stdout, String stderr) {

        Result succeeds() {
            assertThat(exitCode)
                    .as("exit code; stderr: %s; stdout: %s", stderr, stdout)
                    .isZero();
            return this;
        }

        JsonNode json() {
            try {
                return JSON.readTree(stdout);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + stdout, e);
            }
        }
    }

    Result run(String... arguments) {
        return runWithInput(null, arguments);
    }

    /** Runs {@code marina arguments...} with {@code extra} in its environment (a server it starts inherits it). */
    Result runWith(Map<String, String> extra, String... arguments) {
        return run(null, extra, arguments);
    }

    /** Runs {@code marina arguments...}, feeding {@code input} to its standard input when given. */
    Result runWithInput(String input, String... arguments) {
        return run(input, Map.of(), arguments);
    }

    private Result run(String input, Map<String, String> extra, String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-jar");
        command.add(jar().toString());
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("MARINA_HOME", home.toString());
        builder.environment().putAll(environment);
        builder.environment().putAll(extra);
        try {
            Process process = builder.start();
            CompletableFuture<String> stdout = read(process.getInputStream());
            CompletableFuture<String> stderr = read(process.getErrorStream());
            try (var in = process.getOutputStream()) {
                if (input != null) {
                    in.write(input.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("marina " + String.join(" ", arguments) + " did not finish in 5 minutes");
            }
            return new Result(process.exitValue(), stdout.join(), stderr.join());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    JsonNode cluster(String name) {
        return run("get", "cluster", name, "-o", "json").succeeds().json();
    }

    long controlPlanePid() {
        return run("status", "-o", "json").succeeds().json().path("pid").asLong();
    }

    private static CompletableFuture<String> read(java.io.InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        });
    }

    static Path jar() {
        Path jar = Path.of(System.getProperty("marina.jar", "../marina-dist/target/marina.jar"));
        if (!Files.exists(jar)) {
            throw new IllegalStateException("build the jar first: " + jar.toAbsolutePath());
        }
        return jar;
    }

    /** Every engine process started under this home, found by its command line. */
    List<ProcessHandle> engineProcesses() {
        String marker = home.toString();
        return ProcessHandle.allProcesses()
                .filter(process -> process.info()
                        .commandLine()
                        .map(line -> line.contains(marker))
                        .orElse(false))
                .filter(process -> process.info()
                        .commandLine()
                        .map(line -> !line.contains("java"))
                        .orElse(false))
                .toList();
    }

    @Override
    public void close() {
        run("down");
        // Whatever survived a failed test must not outlive it.
        ProcessHandle.allProcesses()
                .filter(process -> process.info()
                        .commandLine()
                        .map(line -> line.contains(home.toString()))
                        .orElse(false))
                .forEach(ProcessHandle::destroyForcibly);
        keepLogs();
        try (var paths = Files.walk(home)) {
            paths.sorted(java.util.Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Keeps the control plane's log under target/e2e-logs, so a failure can be read after the home is gone. */
    private void keepLogs() {
        Path log = home.resolve("logs").resolve("server.log");
        if (!Files.exists(log)) {
            return;
        }
        try {
            Path kept = Path.of("target", "e2e-logs");
            Files.createDirectories(kept);
            Files.copy(
                    log,
                    kept.resolve(home.getFileName() + "-server.log"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Path clusters = home.resolve("clusters");
            if (Files.isDirectory(clusters)) {
                try (var members = Files.walk(clusters, 4)) {
                    for (Path memberLog : members.filter(path -> path.endsWith(Path.of("log", "member.log")))
                            .toList()) {
                        Path member = memberLog.getParent().getParent();
                        Files.copy(
                                memberLog,
                                kept.resolve(home.getFileName() + "-" + member.getFileName() + ".log"),
                                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        } catch (IOException e) {
            // The log is a convenience; the test's own result stands.
        }
    }
}
