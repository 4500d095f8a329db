package dev.marina.testkit.chaos;

import static java.util.Objects.requireNonNull;

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
        long deadline = System.nanoTime() + max.toNanos();
        while (true) {
            RedundancyCheck check = check();
            long checkedNanos = System.nanoTime();
            if (check.isFull()) {
                return Duration.ofNanos(checkedNanos - sinceNanos);
            }
            if (checkedNanos - deadline >= 0) {
                throw new IllegalStateException(
                        "not fully redundant after " + max + ": " + String.join("; ", check.missing()));
            }
            Thread.sleep(Math.min(POLL_INTERVAL.toMillis(), Math.max(1, (deadline - checkedNanos) / 1_000_000)));
        }
    }
}
