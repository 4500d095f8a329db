package dev.marina.engine.postgresql;

import java.time.Duration;

/**
 * Measures how long a primitive took and prints it with the test's output, for the report. Timing goals belong in
 * benchmarks, so nothing asserts on these numbers.
 */
final class Stopwatch {

    private final long started = System.nanoTime();

    static Stopwatch start() {
        return new Stopwatch();
    }

    Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - started);
    }

    /** Prints {@code timing <what>: <ms> ms} and returns the time elapsed since the start. */
    Duration report(String what) {
        Duration elapsed = elapsed();
        System.out.printf("timing %s: %.1f ms%n", what, elapsed.toNanos() / 1_000_000.0);
        return elapsed;
    }
}
