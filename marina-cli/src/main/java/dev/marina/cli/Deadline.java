package dev.marina.cli;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** When a waiting command gives up, and the pause between two looks. */
public final class Deadline {

    private final Clock clock;
    private final Instant end;

    private Deadline(Clock clock, Instant end) {
        this.clock = clock;
        this.end = end;
    }

    public static Deadline after(Duration timeout, Clock clock) {
        requireNonNull(timeout, "timeout is null");
        requireNonNull(clock, "clock is null");
        return new Deadline(clock, clock.instant().plus(timeout));
    }

    public boolean hasPassed() {
        return !clock.instant().isBefore(end);
    }

    /** Sleeps for {@code interval}, or less when the deadline comes first. */
    public void pause(Duration interval) {
        Duration left = Duration.between(clock.instant(), end);
        Duration sleep = left.compareTo(interval) < 0 ? left : interval;
        if (sleep.isNegative() || sleep.isZero()) {
            return;
        }
        try {
            Thread.sleep(sleep);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw MarinaException.userError("interrupted while waiting");
        }
    }
}
