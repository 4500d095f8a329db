package dev.marina.cli;

import static java.util.Objects.requireNonNull;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Shows on stderr that a slow command is still working: a line saying what it waits for, then a dot every second, or
 * whole lines when there is news. Results go to stdout, so {@code $(marina ...)} captures only them.
 */
public final class Progress {

    private static final Duration DOT_EVERY = Duration.ofSeconds(1);

    private final PrintWriter err;
    private final Clock clock;
    private boolean lineOpen;
    private boolean dotted;
    private Instant lastDot;

    public Progress(PrintWriter err, Clock clock) {
        this.err = requireNonNull(err, "err is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Starts a line that dots are added to, e.g. {@code stopping the control plane (pid 12)}. */
    public void begin(String message) {
        closeLine();
        err.print(message + " ");
        err.flush();
        lineOpen = true;
        dotted = false;
        lastDot = clock.instant();
    }

    /** Adds a dot when a second has passed since the last one. */
    public void tick() {
        if (!lineOpen) {
            return;
        }
        Instant now = clock.instant();
        if (Duration.between(lastDot, now).compareTo(DOT_EVERY) >= 0) {
            err.print('.');
            err.flush();
            dotted = true;
            lastDot = now;
        }
    }

    /** Prints a line of news, closing any line of dots first. */
    public void line(String message) {
        closeLine();
        err.println(message);
        err.flush();
    }

    /** Ends the line of dots with a last word, e.g. {@code done}, or with nothing when {@code word} is empty. */
    public void end(String word) {
        if (lineOpen) {
            err.println(dotted && !word.isEmpty() ? " " + word : word);
            err.flush();
            lineOpen = false;
        }
    }

    private void closeLine() {
        if (lineOpen) {
            err.println();
            lineOpen = false;
        }
    }
}
