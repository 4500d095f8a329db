package dev.marina.testkit.chaos;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How a {@link LoadGenerator} writes.
 *
 * @param threads how many writers write at the same time, each waiting for its acknowledgement before the next write
 * @param retryInterval how long a thread waits after a failed write before it opens a new writer
 * @param virtualThreads whether the writers run on virtual threads instead of platform threads
 * @param firstId the id of the first write; later ids count up from it
 */
public record LoadSettings(int threads, Duration retryInterval, boolean virtualThreads, long firstId) {

    /** Long enough that a database that is down is not hammered, short enough not to blur a write gap much. */
    public static final Duration DEFAULT_RETRY_INTERVAL = Duration.ofMillis(20);

    public LoadSettings {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, was " + threads);
        }
        requireNonNull(retryInterval, "retryInterval is null");
        if (retryInterval.isNegative() || retryInterval.isZero()) {
            // A zero interval would let every thread spin on a database that is down.
            throw new IllegalArgumentException("retryInterval must be positive, was " + retryInterval);
        }
    }

    /** {@code threads} platform threads, the default retry interval, ids from 1. */
    public static LoadSettings threads(int threads) {
        return new LoadSettings(threads, DEFAULT_RETRY_INTERVAL, false, 1);
    }

    public LoadSettings withRetryInterval(Duration newRetryInterval) {
        return new LoadSettings(threads, newRetryInterval, virtualThreads, firstId);
    }

    public LoadSettings withVirtualThreads(boolean newVirtualThreads) {
        return new LoadSettings(threads, retryInterval, newVirtualThreads, firstId);
    }

    /** Ids from {@code newFirstId}: a second load on the same table must not reuse the first one's ids. */
    public LoadSettings withFirstId(long newFirstId) {
        return new LoadSettings(threads, retryInterval, virtualThreads, newFirstId);
    }
}
