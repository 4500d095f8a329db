package dev.marina.testkit.chaos;

import static java.util.Objects.requireNonNull;

/**
 * A write that was not acknowledged. Whether it committed is unknown, so the checker never counts it as lost.
 *
 * @param id the id the write carried; never used again
 * @param failedNanos {@link System#nanoTime()} when the failure was seen
 * @param error a one-line description of the failure
 */
public record FailedAttempt(long id, long failedNanos, String error) {

    public FailedAttempt {
        requireNonNull(error, "error is null");
    }

    /** A failed attempt described by the exception's type and the first line of its message, kept short. */
    public static FailedAttempt of(long id, long failedNanos, Throwable failure) {
        requireNonNull(failure, "failure is null");
        return new FailedAttempt(id, failedNanos, ErrorText.of(failure));
    }
}
