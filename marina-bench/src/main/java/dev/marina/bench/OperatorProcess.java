package dev.marina.bench;

import dev.marina.control.Poll;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The operator as its image runs it, {@code java -Xmx… -cp marina.jar dev.marina.operator.OperatorMain}, in a process
 * of its own so that its heap, resident memory and CPU are its own and not the mock API server's. It finds the mock
 * API server through fabric8's environment variables (no kubeconfig, no service account), watches every namespace
 * without leader election, and logs at INFO as deployed; only HTTP/2 is off (see {@link #start}). The JVM logs every collection to a file: the heap in use
 * after each one is the benchmark's heap figure.
 */
final class OperatorProcess implements AutoCloseable {

    /** "GC(12) Pause Young (Normal) (G1 Evacuation Pause) 120M->45M(512M) 5.123ms": the 45M. */
    private static final Pattern AFTER_COLLECTION = Pattern.compile("->(\\d+)M\\((\\d+)M\\)");

    private final Process process;
    private final Path gcLog;
    private final Path java;
    private final int healthPort;

    private OperatorProcess(Process process, Path gcLog, Path java, int healthPort) {
        this.process = process;
        this.gcLog = gcLog;
        this.java = java;
        this.healthPort = healthPort;
    }

    /**
     * Starts the operator against {@code apiServer}.
     *
     * @param maximumHeap the -Xmx value, such as "512m"
     * @param directory where its log and GC log go
     */
    static OperatorProcess start(Path repository, String apiServer, String maximumHeap, Path directory)
            throws IOException {
        Files.createDirectories(directory);
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path gcLog = directory.resolve("operator-gc.log");
        Files.deleteIfExists(gcLog);
        List<String> command = new ArrayList<>(List.of(
                java.toString(),
                "-Xmx" + maximumHeap,
                "-Xlog:gc:file=" + gcLog,
                // The JDK's client would offer an upgrade to HTTP/2 over plain HTTP, which the mock server's Vert.x
                // fails on with the Netty the build pins; a real API server speaks HTTP/2 over TLS instead.
                "-Dhttp2.disable=true",
                "-cp",
                // This benchmark's own class path: the operator's classes, the fakes and their libraries.
                System.getProperty("java.class.path"),
                FakeMemberOperatorMain.class.getName()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve("operator.log").toFile());
        Map<String, String> environment = builder.environment();
        environment.put("KUBERNETES_MASTER", apiServer);
        environment.put("KUBERNETES_AUTH_TRYKUBECONFIG", "false");
        environment.put("KUBERNETES_AUTH_TRYSERVICEACCOUNT", "false");
        environment.put("KUBERNETES_NAMESPACE", "marina-system");
        environment.put("OPERATOR_NAMESPACE", "marina-system");
        int healthPort = FreePorts.next();
        environment.put("HTTP_PORT", Integer.toString(healthPort));
        environment.put("LOG_LEVEL", "INFO");
        environment.remove("WATCH_NAMESPACES");
        environment.remove("LEADER_ELECTION_LEASE_NAME");
        Process process = builder.start();
        // A bench stopped with Ctrl-C must not leave an operator behind.
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "stop-operator-process"));
        return new OperatorProcess(process, gcLog, java, healthPort);
    }

    /**
     * Waits until the operator says it is ready (its informers have their first lists), as the kubelet's readiness
     * probe would; false when it exited or {@code timeout} passed.
     */
    boolean awaitReady(Duration timeout) {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest probe = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + healthPort + "/health/ready"))
                .timeout(Duration.ofSeconds(2))
                .build();
        return Poll.until(
                        () -> {
                            if (!process.isAlive()) {
                                return true;
                            }
                            try {
                                return http.send(probe, HttpResponse.BodyHandlers.discarding())
                                                .statusCode()
                                        == 200;
                            } catch (IOException e) {
                                return false;
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                                return false;
                            }
                        },
                        timeout,
                        Duration.ofMillis(50))
                && process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** The largest heap in use after a collection so far, in MiB (0 before the first collection). */
    long peakHeapAfterCollectionMebibytes() throws IOException {
        long peak = 0;
        for (String line : Files.readAllLines(gcLog, StandardCharsets.UTF_8)) {
            Matcher matcher = AFTER_COLLECTION.matcher(line);
            if (matcher.find()) {
                peak = Math.max(peak, Long.parseLong(matcher.group(1)));
            }
        }
        return peak;
    }

    /**
     * Asks the operator's JVM for a full collection ({@code jcmd PID GC.run}) and returns the heap in use after it, in
     * MiB: what the operator keeps for the clusters it manages, without the garbage young collections leave.
     */
    long heapAfterFullCollectionMebibytes() throws IOException, InterruptedException {
        Path jcmd = java.resolveSibling("jcmd");
        Process run = new ProcessBuilder(jcmd.toString(), Long.toString(process.pid()), "GC.run")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!run.waitFor(60, TimeUnit.SECONDS) || run.exitValue() != 0) {
            throw new IOException("jcmd " + process.pid() + " GC.run failed");
        }
        long last = -1;
        for (String line : Files.readAllLines(gcLog, StandardCharsets.UTF_8)) {
            Matcher matcher = AFTER_COLLECTION.matcher(line);
            if (line.contains("Pause Full") && matcher.find()) {
                last = Long.parseLong(matcher.group(1));
            }
        }
        if (last < 0) {
            throw new IOException("no full collection in " + gcLog);
        }
        return last;
    }

    /** The process's peak resident set so far (VmHWM), in MiB. */
    long peakResidentMebibytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
            }
        }
        throw new IOException("no VmHWM in /proc/" + process.pid() + "/status");
    }

    /** Stops the operator: SIGTERM (its shutdown hook stops the controllers), then SIGKILL after 10 s. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
