package dev.marina.cli;

import static java.util.Objects.requireNonNull;

import dev.marina.api.Durations;
import java.io.File;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Starts the control plane of a MARINA_HOME in the background when none answers there, and waits until its API does.
 * The control plane is this same program (same java, same class path) with another main class, so one jar is all a
 * user installs.
 */
public final class ControlPlaneLauncher {

    public static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final int LOG_LINES_SHOWN = 20;

    private final CommandContext context;
    private final MarinaHome home;
    private final Progress progress;

    public ControlPlaneLauncher(CommandContext context) {
        this.context = requireNonNull(context, "context is null");
        this.home = context.home();
        this.progress = new Progress(context.err(), context.clock());
    }

    /** A control plane that answers, and whether this call started it. */
    public record Running(ServerFile server, boolean started) {

        public Running {
            requireNonNull(server, "server is null");
        }

        public String describe() {
            return "pid " + server.pid() + ", " + server.baseUri();
        }
    }

    public Running ensureRunning() {
        createDirectories();
        // Two "marina up" at once must not start two control planes on one home.
        try (FileChannel channel =
                FileChannel.open(home.startLock(), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            // Blocks while another "marina up" holds it; released when the channel closes.
            channel.lock();
            Optional<ServerFile> existing = answering();
            if (existing.isPresent()) {
                return new Running(existing.get(), false);
            }
            return new Running(start(), true);
        } catch (IOException e) {
            throw MarinaException.userError("cannot lock " + home.startLock() + " (" + e.getMessage() + "); check that "
                    + home + " is writable");
        }
    }

    /** The control plane named in server.json when its process lives and its API answers. */
    public Optional<ServerFile> answering() {
        Optional<ServerFile> server = readQuietly();
        if (server.isEmpty() || !server.get().isProcessAlive()) {
            return Optional.empty();
        }
        try (ControlPlaneClient client = new ControlPlaneClient(server.get(), home)) {
            return client.isHealthy() ? server : Optional.empty();
        }
    }

    private ServerFile start() throws IOException {
        Optional<ServerFile> stale = readQuietly();
        if (stale.isPresent() && stale.get().isProcessAlive()) {
            progress.line("server.json names pid " + stale.get().pid() + ", which runs but does not answer on "
                    + stale.get().baseUri() + "; starting a new control plane");
        }
        // Stale, broken or unanswered: removed so that the file seen next is the new control plane's.
        Files.deleteIfExists(home.serverFile());
        Path log = home.serverLog();
        long logStart = LogTail.sizeOf(log);
        Process process = launch(log);
        progress.begin("starting the control plane (log: " + log + ")");
        Deadline deadline = Deadline.after(START_TIMEOUT, context.clock());
        while (true) {
            Optional<ServerFile> server = answering();
            if (server.isPresent()) {
                progress.end("done");
                return server.get();
            }
            if (!process.isAlive()) {
                progress.end("");
                showLog(log, logStart);
                throw MarinaException.userError("the control plane exited with code " + process.exitValue()
                        + " before its API answered; read the log above or " + log);
            }
            if (deadline.hasPassed()) {
                progress.end("");
                // It started under this command and never answered: stop it rather than leave an orphan.
                process.destroy();
                showLog(log, logStart);
                throw MarinaException.userError("the control plane did not answer within "
                        + Durations.format(START_TIMEOUT) + " (pid " + process.pid()
                        + " stopped); read the log above or "
                        + log);
            }
            progress.tick();
            deadline.pause(context.pollInterval());
        }
    }

    private Process launch(Path log) throws IOException {
        List<String> command = new ArrayList<>();
        // In its own session, the control plane outlives the shell job that started it and gets no terminal signals
        // (Ctrl-C in that terminal later must not stop every database).
        Executables.find("setsid", context.environment()).ifPresent(setsid -> command.add(setsid.toString()));
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(absoluteClassPath());
        command.add(context.serverMainClass());
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(home.directory().toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(context.environment());
        builder.environment().put(MarinaHome.VARIABLE, home.directory().toString());
        try {
            return builder.start();
        } catch (IOException e) {
            throw MarinaException.userError("cannot start the control plane (" + e.getMessage() + "); check that "
                    + command.get(0) + " can run");
        }
    }

    /** The class path with every entry absolute, because the control plane runs in MARINA_HOME, not here. */
    private static String absoluteClassPath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.isBlank())
                .map(entry -> Path.of(entry).toAbsolutePath().toString())
                .collect(Collectors.joining(File.pathSeparator));
    }

    private void showLog(Path log, long from) {
        List<String> lines = LogTail.lastLines(log, from, LOG_LINES_SHOWN);
        if (lines.isEmpty()) {
            context.err().println("(the control plane wrote nothing to " + log + ")");
            return;
        }
        context.err().println("last " + lines.size() + " lines of " + log + ":");
        lines.forEach(line -> context.err().println("  " + line));
        context.err().flush();
    }

    private Optional<ServerFile> readQuietly() {
        try {
            return ServerFile.read(home.serverFile());
        } catch (MarinaException e) {
            // Unreadable while the control plane writes it, or left broken by a crash: either way not an answer.
            return Optional.empty();
        }
    }

    private void createDirectories() {
        try {
            Files.createDirectories(home.logDirectory());
        } catch (IOException e) {
            throw MarinaException.userError(
                    "cannot create " + home.logDirectory() + " (" + e.getMessage() + "); check MARINA_HOME");
        }
    }
}
