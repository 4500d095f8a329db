package dev.marina.cli;

import java.time.Duration;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The options every {@code marina op} command that starts an operation shares: --dry-run, --wait, --timeout, -o. */
public final class OperationOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(
            names = "--dry-run",
            description = "Print the ordered steps the operation would take, and create nothing."
                    + " The control plane runs every check it runs for a real request.")
    boolean dryRun;

    @Option(
            names = "--wait",
            description = "Wait until the operation ends, showing its steps on stderr as they advance;"
                    + " exit 0 when it succeeded, 1 when it failed or was cancelled.")
    boolean waitUntilFinished;

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            defaultValue = "30m",
            converter = DurationConverter.class,
            description = "How long --wait waits, e.g. 90s, 10m, 1h (default: ${DEFAULT-VALUE}, the time the control"
                    + " plane gives a copy of the data). The operation goes on when the wait gives up.")
    Duration timeout;

    @Mixin
    OutputFormatOption outputOption;

    /** Refuses combinations that cannot mean anything, before anything is sent. */
    void check() {
        if (dryRun && waitUntilFinished) {
            throw new ParameterException(
                    command.commandLine(), "--dry-run creates nothing to wait for; leave out --wait or --dry-run");
        }
        boolean timeoutGiven = command.commandLine().getParseResult().hasMatchedOption("--timeout");
        if (timeoutGiven && !waitUntilFinished) {
            throw new ParameterException(
                    command.commandLine(), "--timeout applies only to --wait; add --wait, or leave out --timeout");
        }
    }
}
