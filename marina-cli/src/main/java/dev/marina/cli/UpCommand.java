package dev.marina.cli;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code marina up}: starts the control plane of MARINA_HOME unless it already answers. */
@Command(
        name = "up",
        header = "Start the control plane in the background.",
        description = {
            "Unless it already runs, start the control plane of MARINA_HOME as its own process (outliving this"
                    + " shell) and wait until its API answers. Its log is $MARINA_HOME/logs/server.log; stop it"
                    + " with 'marina down'."
        },
        footer = {"  marina up", "  MARINA_HOME=/tmp/marina-test marina up   # a second, separate control plane"})
public final class UpCommand implements Callable<Integer> {

    @Mixin
    HelpOption help;

    private final CommandContext context;

    public UpCommand(CommandContext context) {
        this.context = requireNonNull(context, "context is null");
    }

    @Override
    public Integer call() {
        ControlPlaneLauncher.Running running = new ControlPlaneLauncher(context).ensureRunning();
        String state = running.started() ? "control plane running" : "control plane already running";
        context.out().println(state + " (" + running.describe() + ")");
        return ExitCodes.OK;
    }
}
