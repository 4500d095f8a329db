package dev.marina.engine.postgresql;

import java.util.Optional;
import java.util.OptionalLong;

/** Reads what Marina needs from the output of {@code pg_controldata} (run with {@code LC_ALL=C}). */
final class ControlData {

    private static final String STATE = "Database cluster state:";
    private static final String CHECKPOINT = "Latest checkpoint location:";

    private ControlData() {}

    /**
     * The position of the shutdown checkpoint when the server was shut down cleanly as a primary; empty otherwise
     * (running, crashed, or shut down in recovery).
     */
    static OptionalLong stoppedPosition(String output) {
        Optional<String> state = value(output, STATE);
        Optional<String> checkpoint = value(output, CHECKPOINT);
        if (state.filter("shut down"::equals).isEmpty() || checkpoint.isEmpty()) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(lsn(checkpoint.get()));
    }

    /** A PostgreSQL LSN written as {@code high/low} in hexadecimal, as one number. */
    static long lsn(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("not an LSN: " + text);
        }
        return (Long.parseLong(text.substring(0, slash), 16) << 32) | Long.parseLong(text.substring(slash + 1), 16);
    }

    private static Optional<String> value(String output, String label) {
        return output.lines()
                .filter(line -> line.startsWith(label))
                .map(line -> line.substring(label.length()).trim())
                .findFirst();
    }
}
