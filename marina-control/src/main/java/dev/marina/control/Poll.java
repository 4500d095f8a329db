package dev.marina.control;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Waits for a condition by checking it at a short interval, up to a deadline. */
public final class Poll {

    private Poll() {}

    /** @return whether the condition became true before the timeout */
    public static boolean until(BooleanSupplier condition, Duration timeout, Duration interval) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (condition.getAsBoolean()) {
                return true;
            }
            if (System.nanoTime() >= deadline || Thread.currentThread().isInterrupted()) {
                return false;
            }
            LockSupport.parkNanos(interval.toNanos());
        }
    }
}
