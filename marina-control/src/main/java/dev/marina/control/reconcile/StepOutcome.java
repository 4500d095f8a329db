package dev.marina.control.reconcile;

/** What one turn of an operation step came to. */
sealed interface StepOutcome {

    String message();

    /** The step is done; the operation moves on. */
    record Done(String message) implements StepOutcome {}

    /** The step had nothing to do. */
    record Skipped(String message) implements StepOutcome {}

    /** The step acted or waits for the cluster; it is looked at again in the next pass. */
    record Waiting(String message) implements StepOutcome {}

    /** The step cannot finish; the operation fails and the rest of it does not run. */
    record Failed(String message) implements StepOutcome {}
}
