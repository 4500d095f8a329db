package dev.marina.control.operation;

import dev.marina.api.OperationStatus;
import dev.marina.api.OperationStep;

/** How an operation's status moves at its end: every step not finished is marked with how the operation ended. */
public final class Progress {

    private Progress() {}

    public static OperationStatus cancelled(OperationStatus status, String message, String now) {
        return closeSteps(status, OperationStep.CANCELLED, "cancelled", now)
                .finished(OperationStatus.CANCELLED, message, now);
    }

    public static OperationStatus failed(OperationStatus status, String message, String now) {
        return closeSteps(status, OperationStep.CANCELLED, "not run: an earlier step failed", now)
                .finished(OperationStatus.FAILED, message, now);
    }

    public static OperationStatus succeeded(OperationStatus status, String message, String now) {
        return status.finished(OperationStatus.SUCCEEDED, message, now);
    }

    private static OperationStatus closeSteps(OperationStatus status, String state, String message, String now) {
        return status.withSteps(status.steps().stream()
                .map(step -> step.isFinished() ? step : step.finished(state, message, now))
                .toList());
    }
}
