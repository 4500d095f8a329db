package dev.marina.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Optional;

/**
 * Where an operation is: its {@code phase} (Pending, Running, Succeeded, Failed, Cancelled), the ordered steps with
 * their progress, and a message saying what it waits for or why it ended as it did.
 *
 * @param cancelRequested a cancel was asked for; the operation stops at the next safe point (between steps)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OperationStatus(
        String phase,
        String message,
        List<OperationStep> steps,
        Boolean cancelRequested,
        String createdAt,
        String startedAt,
        String finishedAt) {

    public static final String PENDING = "Pending";
    public static final String RUNNING = "Running";
    public static final String SUCCEEDED = "Succeeded";
    public static final String FAILED = "Failed";
    public static final String CANCELLED = "Cancelled";

    public OperationStatus {
        steps = steps == null ? List.of() : List.copyOf(steps);
    }

    public static OperationStatus pending(List<OperationStep> steps, String message, String now) {
        return new OperationStatus(PENDING, message, steps, null, now, null, null);
    }

    public boolean isFinished() {
        return SUCCEEDED.equals(phase) || FAILED.equals(phase) || CANCELLED.equals(phase);
    }

    public boolean isCancelRequested() {
        return Boolean.TRUE.equals(cancelRequested);
    }

    /** The first step not yet succeeded, skipped or cancelled. */
    public Optional<OperationStep> currentStep() {
        return steps.stream().filter(step -> !step.isFinished()).findFirst();
    }

    public OperationStatus withPhase(String newPhase, String newMessage) {
        return new OperationStatus(newPhase, newMessage, steps, cancelRequested, createdAt, startedAt, finishedAt);
    }

    public OperationStatus withMessage(String newMessage) {
        return new OperationStatus(phase, newMessage, steps, cancelRequested, createdAt, startedAt, finishedAt);
    }

    public OperationStatus withSteps(List<OperationStep> newSteps) {
        return new OperationStatus(phase, message, newSteps, cancelRequested, createdAt, startedAt, finishedAt);
    }

    public OperationStatus withStep(OperationStep replacement) {
        List<OperationStep> replaced = steps.stream()
                .map(step -> step.index() == replacement.index() ? replacement : step)
                .toList();
        return withSteps(replaced);
    }

    public OperationStatus withCancelRequested() {
        return new OperationStatus(phase, message, steps, true, createdAt, startedAt, finishedAt);
    }

    public OperationStatus started(String now) {
        return new OperationStatus(RUNNING, message, steps, cancelRequested, createdAt, now, finishedAt);
    }

    public OperationStatus finished(String newPhase, String newMessage, String now) {
        return new OperationStatus(newPhase, newMessage, steps, cancelRequested, createdAt, startedAt, now);
    }
}
