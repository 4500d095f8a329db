package dev.marina.bench;

import dev.marina.testkit.chaos.Ack;
import dev.marina.testkit.chaos.FailedAttempt;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The stretch of time an operation ran, as the clients lived it, and what they saw in it: the longest pause (the
 * longest interval inside the window in which no writer got an acknowledgement; the window's edges count as ends of
 * intervals, so a window with no acknowledgement at all is one pause), the failed attempts and the acknowledged writes.
 *
 * @param fromNanos {@link System#nanoTime()} when the operation was asked for
 * @param toNanos {@link System#nanoTime()} when it was seen finished
 */
record OperationWindow(long fromNanos, long toNanos) {

    OperationWindow {
        if (toNanos < fromNanos) {
            throw new IllegalArgumentException("the window ends at " + toNanos + ", before it starts at " + fromNanos);
        }
    }

    /** An interval without acknowledgements, between two of them or an edge of the window. */
    record Pause(long fromNanos, long toNanos) {

        double seconds() {
            return (toNanos - fromNanos) / 1e9;
        }
    }

    Pause longestPause(List<Ack> acks) {
        List<Long> inside = new ArrayList<>();
        for (Ack ack : acks) {
            if (contains(ack.ackedNanos())) {
                inside.add(ack.ackedNanos());
            }
        }
        inside.add(toNanos);
        inside.sort(null);
        Pause longest = new Pause(fromNanos, fromNanos);
        long previous = fromNanos;
        for (long end : inside) {
            if (end - previous > longest.toNanos() - longest.fromNanos()) {
                longest = new Pause(previous, end);
            }
            previous = end;
        }
        return longest;
    }

    int failures(List<FailedAttempt> failures) {
        return (int) failures.stream()
                .filter(failure -> contains(failure.failedNanos()))
                .count();
    }

    /**
     * The errors of the failed attempts in the window, each once with how often it came, most frequent first: what
     * the application saw, to tell a clean error from a broken connection.
     */
    Map<String, Long> errors(List<FailedAttempt> failures) {
        Map<String, Long> counts = failures.stream()
                .filter(failure -> contains(failure.failedNanos()))
                .collect(Collectors.groupingBy(FailedAttempt::error, TreeMap::new, Collectors.counting()));
        return Errors.mostFrequentFirst(counts);
    }

    int acknowledged(List<Ack> acks) {
        return (int) acks.stream().filter(ack -> contains(ack.ackedNanos())).count();
    }

    double seconds() {
        return (toNanos - fromNanos) / 1e9;
    }

    private boolean contains(long nanos) {
        return nanos >= fromNanos && nanos <= toNanos;
    }
}
