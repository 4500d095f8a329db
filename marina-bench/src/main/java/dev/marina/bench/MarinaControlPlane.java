package dev.marina.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The real {@code marina} jar run as a user would, against a temporary MARINA_HOME of its own, so that a benchmark
 * never touches another home's clusters. The CLI starts and stops it; requests that are polled go straight to the HTTP
 * API, because each CLI call starts a JVM. Closing it stops the control plane and every process under the home, even
 * after a failure, and removes the home.
 */
final class MarinaControlPlane implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path repository;
    private final Path home;
    private final HttpClient http = HttpClient.newHttpClient();
    private String base;
    private String token;
    private long pid;
    private boolean closed;

    private MarinaControlPlane(Path repository, Path home) {
        this.repository = repository;
        this.home = home;
    }

    /** {@code marina up} in a new temporary home. */
    static MarinaControlPlane up(Path repository) throws IOException, InterruptedException {
        Path home = Files.createTempDirectory("marina-bench-");
        // The engine user must be able to pass through to the members' directories.
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx--x--x"));
        MarinaControlPlane marina = new MarinaControlPlane(repository, home);
        try {
            marina.cli("up");
            JsonNode server = JSON.readTree(Files.readString(home.resolve("server.json")));
            marina.base = "http://" + server.path("address").asText();
            marina.token = server.path("token").asText();
            marina.pid = server.path("pid").asLong();
        } catch (IOException | InterruptedException | RuntimeException e) {
            marina.close();
            throw e;
        }
        return marina;
    }

    Path home() {
        return home;
    }

    /** Runs {@code marina arguments...} and returns what it printed. */
    String cli(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                repository.resolve("marina-dist/target/marina.jar").toString()));
        command.addAll(List.of(arguments));
        return Shell.run(command, Map.of("MARINA_HOME", home.toString()), null);
    }

    JsonNode get(String path) throws IOException, InterruptedException {
        return JSON.readTree(send("GET", path, null));
    }

    /** A POST whose body is {@code body} as JSON, such as a request to create an operation. */
    JsonNode post(String path, Map<String, ?> body) throws IOException, InterruptedException {
        return JSON.readTree(send("POST", path, "application/json", JSON.writeValueAsString(body)));
    }

    /** One API request; {@code body}, when given, is YAML. */
    String send(String method, String path, String body) throws IOException, InterruptedException {
        return send(method, path, "application/yaml", body);
    }

    private String send(String method, String path, String contentType, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(30));
        if (body != null) {
            request.header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> response =
                http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (response.statusCode() >= 400) {
            throw new IOException(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    /**
     * Copies the control plane's log to {@code destination}, so that it survives the home: it is the evidence when a
     * round went wrong. Register it to run before {@link #close()}.
     */
    void keepServerLog(Path destination) throws IOException {
        Path log = home.resolve("logs/server.log");
        if (Files.exists(log)) {
            Files.createDirectories(destination.getParent());
            Files.copy(log, destination, StandardCopyOption.REPLACE_EXISTING);
            System.err.println("the control plane's log is kept in " + destination);
        }
    }

    /** Whether {@code pid} is a process started under this home: the only ones a benchmark may signal. */
    boolean startedHere(long pid) {
        return ProcessHandle.of(pid)
                .flatMap(process -> process.info().commandLine())
                .map(line -> line.contains(home.toString()))
                .orElse(false);
    }

    /** {@code marina down}, then whatever still runs under this home is killed, and the home removed. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            cli("down");
        } catch (IOException | InterruptedException e) {
            System.err.println("marina down failed, killing what is left: " + e.getMessage());
        }
        // The pid is checked to still be a control plane: after a successful down it may belong to anyone.
        ProcessHandle.of(pid)
                .filter(process -> process.info()
                        .commandLine()
                        .map(line -> line.contains("dev.marina.server.ServerMain"))
                        .orElse(false))
                .ifPresent(ProcessHandle::destroyForcibly);
        // Members are found by their data directories, which lie under this home: nobody else's processes match.
        ProcessHandle.allProcesses()
                .filter(process -> startedHere(process.pid()))
                .forEach(ProcessHandle::destroyForcibly);
        try {
            Directories.deleteTree(home);
        } catch (IOException e) {
            System.err.println("could not remove " + home + ": " + e.getMessage());
        }
    }
}
