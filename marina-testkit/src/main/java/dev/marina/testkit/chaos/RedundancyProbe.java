package dev.marina.testkit.chaos;

import static java.util.Objects.requireNonNull;

import dev.marina.control.Poll;
import java.time.Duration;

/** Looks at a cluster's redundancy; engine-specific. {@link #awaitFullRedundancy} measures the time back to it. */
public interface RedundancyProbe {

    /** Fine enough to measure recoveries that take seconds; coarse enough not to load the members. */
    Duration POLL_INTERVAL = Duration.ofMillis(50);

    /** Looks once. Must not throw for an unreachable member: that is something missing. */
    RedundancyCheck check();

    /**
     * Polls until the cluster is fully redundant.
     *
     * @return the time from this call until the first full check ended
     * @throws IllegalStateException if the cluster is not fully redundant within {@code max}, naming what is missing
     */
    default Duration awaitFullRedundancy(Duration max) throws InterruptedException {
        return awaitFullRedundancy(System.nanoTime(), max);
    }

    /**
     * Polls until the cluster is fully redundant.
     *
     * @param sinceNanos the {@link System#nanoTime()} to measure from, such as a {@link Fault}'s
     * @return the time from {@code sinceNanos} until the first full check ended
     * @throws IllegalStateException if the cluster is not fully redundant within {@code max} of this call, naming what
     *     is missing
     */
    default Duration awaitFullRedundancy(long sinceNanos, Duration max) throws InterruptedException {
        requireNonNull(max, "max is null");
        RedundancyCheck[] last = {null};
        long[] checkedNanos = {0};
        boolean full = Poll.until(
                () -> {
                    last[0] = check();
                    checkedNanos[0] = System.nanoTime();
                    return last[0].isFull();
                },
                max,
                POLL_INTERVAL);
        if (Thread.interrupted()) {
            throw new InterruptedException("interrupted while waiting for full redundancy");
        }
        if (!full) {
            throw new IllegalStateException(
                    "not fully redundant after " + max + ": " + String.join("; ", last[0].missing()));
        }
        return Duration.ofNanos(checkedNanos[0] - sinceNanos);
    }
}
