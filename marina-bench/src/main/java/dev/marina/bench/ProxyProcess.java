package dev.marina.bench;

import dev.marina.control.Poll;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A proxy (the gateway or PgBouncer) run as a child process for the gateway benchmark: started when first needed and
 * ready once its port accepts a TCP connection, its output kept in a log file. When it cannot start, the reason is
 * remembered and every later cell is told the same at once, instead of waiting for it again; when it dies between
 * cells it is started again, so that one crash costs one cell, not the rest of the run.
 */
final class ProxyProcess implements AutoCloseable {

    private static final Duration POLL_INTERVAL = Duration.ofMillis(20);
    private static final int LOG_LINES_IN_ERRORS = 5;

    private final String label;
    private final List<String> command;
    private final Path log;
    private final int port;
    private final Duration startTimeout;
    private Process process;
    private String startFailure;
    private boolean closed;

    /**
     * @param label the proxy's name in messages
     * @param port where clients connect, on 127.0.0.1
     * @param startTimeout how long the port may take to accept connections after the start
     */
    ProxyProcess(String label, List<String> command, Path log, int port, Duration startTimeout) {
        this.label = label;
        this.command = List.copyOf(command);
        this.log = log;
        this.port = port;
        this.startTimeout = startTimeout;
    }

    int port() {
        return port;
    }

    /** Starts the proxy unless it runs; empty when its port accepts connections, otherwise why it cannot serve. */
    synchronized Optional<String> ensureRunning() {
        if (startFailure != null) {
            return Optional.of(startFailure);
        }
        if (closed) {
            return Optional.of(label + " was stopped");
        }
        if (process != null && process.isAlive()) {
            return Optional.empty();
        }
        if (process != null) {
            Progress.print(
                    "    %s %s; starting it again", label, exitDescription().orElse("stopped"));
        }
        try {
            start();
        } catch (IOException e) {
            startFailure = label + " could not be started: " + e.getMessage();
        }
        return Optional.ofNullable(startFailure);
    }

    /** The process whose CPU time is charged to this proxy; only meaningful after {@link #ensureRunning()}. */
    synchronized long pid() {
        return process.pid();
    }

    /** How the proxy ended, when it is no longer running. */
    synchronized Optional<String> exitDescription() {
        if (process == null || process.isAlive()) {
            return Optional.empty();
        }
        return Optional.of(String.format(
                Locale.ROOT, "exited with code %d (its output: %s)", process.exitValue(), log.getFileName()));
    }

    /** Stops the proxy: SIGTERM, then SIGKILL after 5 s. Idempotent. */
    @Override
    public synchronized void close() {
        closed = true;
        stop();
    }

    private void stop() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void start() throws IOException {
        boolean first = process == null;
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(
                        first
                                ? ProcessBuilder.Redirect.to(log.toFile())
                                : ProcessBuilder.Redirect.appendTo(log.toFile()));
        process = builder.start();
        process.getOutputStream().close();
        Process started = process;
        boolean accepting = Poll.until(() -> !started.isAlive() || accepts(port), startTimeout, POLL_INTERVAL);
        if (!started.isAlive()) {
            startFailure = String.format(
                    Locale.ROOT,
                    "%s exited with code %d before port %d accepted connections: %s",
                    label,
                    started.exitValue(),
                    port,
                    lastLines());
        } else if (!accepting) {
            startFailure = String.format(
                    Locale.ROOT,
                    "%s's port %d accepted no connection within %d s (its output: %s)",
                    label,
                    port,
                    startTimeout.toSeconds(),
                    log.getFileName());
            stop();
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), (int) POLL_INTERVAL.toMillis());
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private String lastLines() {
        try {
            List<String> lines = Files.readAllLines(log);
            List<String> last = lines.subList(Math.max(0, lines.size() - LOG_LINES_IN_ERRORS), lines.size());
            return (last.isEmpty() ? "no output" : String.join(" | ", last)) + " (its output: " + log.getFileName()
                    + ")";
        } catch (IOException e) {
            return "no log (" + e.getMessage() + ")";
        }
    }
}
