package dev.marina.cli;

import static java.util.Objects.requireNonNull;

import dev.marina.api.Durations;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code marina down}: stops the control plane and its members, keeping their data. */
@Command(
        name = "down",
        header = "Stop the control plane and its members (their data is kept).",
        description = {
            "Ask the control plane to stop the database members it runs and exit, then wait until its process is"
                    + " gone. The members' data is kept: 'marina up' starts them again."
        },
        footer = {"  marina down"})
public final class DownCommand implements Callable<Integer> {

    public static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

    @Mixin
    HelpOption help;

    private final CommandContext context;

    public DownCommand(CommandContext context) {
        this.context = requireNonNull(context, "context is null");
    }

    @Override
    public Integer call() {
        MarinaHome home = context.home();
        Optional<ServerFile> found = ServerFile.findLive(home);
        if (found.isEmpty()) {
            context.out().println("control plane not running");
            return ExitCodes.OK;
        }
        ServerFile server = found.get();
        try (ControlPlaneClient client = new ControlPlaneClient(server, home)) {
            client.shutdown(true);
        } catch (MarinaException e) {
            if (e.exitCode() != ExitCodes.NOT_RUNNING) {
                throw e;
            }
            // Its pid lives but nothing listens: most likely the pid now belongs to another program. Never kill it.
            context.out()
                    .println("control plane not running (server.json names pid " + server.pid()
                            + ", but nothing answers at " + server.baseUri() + ")");
            return ExitCodes.OK;
        }
        Progress progress = new Progress(context.err(), context.clock());
        progress.begin("stopping the control plane (pid " + server.pid() + ") and its members");
        Deadline deadline = Deadline.after(STOP_TIMEOUT, context.clock());
        while (server.isProcessAlive()) {
            if (deadline.hasPassed()) {
                progress.end("");
                throw MarinaException.userError("the control plane (pid " + server.pid() + ") still runs after "
                        + Durations.format(STOP_TIMEOUT) + "; read its log " + home.serverLog()
                        + ", or stop it with: kill " + server.pid());
            }
            progress.tick();
            deadline.pause(context.pollInterval());
        }
        progress.end("done");
        removeIfStillNames(home, server);
        context.out().println("control plane stopped");
        return ExitCodes.OK;
    }

    /** A control plane that crashed on its way out may leave its server.json behind; the next command would trip. */
    private static void removeIfStillNames(MarinaHome home, ServerFile stopped) {
        try {
            Optional<ServerFile> left = ServerFile.read(home.serverFile());
            if (left.isPresent() && left.get().pid() == stopped.pid()) {
                Files.deleteIfExists(home.serverFile());
            }
        } catch (IOException | MarinaException e) {
            // Not ours to fix here: the next "marina up" replaces a stale file anyway.
        }
    }
}
