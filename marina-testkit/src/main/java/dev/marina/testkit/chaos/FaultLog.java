package dev.marina.testkit.chaos;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;

/** The faults of a chaos run, in order, for the checker to measure write gaps around. Thread-safe. */
public final class FaultLog {

    private final Object lock = new Object();
    private final List<Fault> faults = new ArrayList<>();

    /** Records a fault that is in effect now. Scenarios may also record their own events, such as a switchover. */
    public Fault record(String description) {
        requireNonNull(description, "description is null");
        synchronized (lock) {
            // Taken under the lock so that the list is in time order.
            Fault fault = new Fault(description, System.nanoTime());
            faults.add(fault);
            return fault;
        }
    }

    /** The faults so far, oldest first. */
    public List<Fault> faults() {
        synchronized (lock) {
            return List.copyOf(faults);
        }
    }
}
