package dev.marina.testkit.chaos;

import static java.util.Objects.requireNonNull;

/**
 * Something a scenario did to the system under test, and when.
 *
 * @param description what was done, for reports: "kill -9 of pid 4242"
 * @param atNanos {@link System#nanoTime()} once the fault was in effect
 */
public record Fault(String description, long atNanos) {

    public Fault {
        requireNonNull(description, "description is null");
    }
}
