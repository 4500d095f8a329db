package dev.marina.cli;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;

/**
 * A failure the user can understand and act on. Printed as one line, {@code marina: <what went wrong>; <what to do>},
 * followed by indented detail lines (such as one line per invalid field), never as a stack trace.
 */
public final class MarinaException extends RuntimeException {

    private final int exitCode;
    private final List<String> details;

    public MarinaException(int exitCode, String message, List<String> details) {
        super(requireNonNull(message, "message is null"));
        this.exitCode = exitCode;
        this.details = List.copyOf(requireNonNull(details, "details is null"));
    }

    public static MarinaException userError(String message) {
        return new MarinaException(ExitCodes.USER_ERROR, message, List.of());
    }

    public static MarinaException userError(String message, Throwable cause) {
        MarinaException exception = userError(message);
        exception.initCause(cause);
        return exception;
    }

    public static MarinaException notRunning() {
        return new MarinaException(
                ExitCodes.NOT_RUNNING, "control plane not running; start it with: marina up", List.of());
    }

    public int exitCode() {
        return exitCode;
    }

    public List<String> details() {
        return details;
    }

    /** The lines to print on stderr. */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        lines.add("marina: " + getMessage());
        details.forEach(detail -> lines.add("  " + detail));
        return List.copyOf(lines);
    }
}
