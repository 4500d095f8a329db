package dev.marina.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One step of an operation, persisted so that a restarted control plane resumes at the step it was in.
 *
 * @param index position in the operation, from 1
 * @param action what the step does: {@code switchover}, {@code restart}, {@code restart-primary-first}, {@code
 *     rebuild}, {@code remove},
 *     {@code resize}, {@code await-members} or {@code await-rejoin}
 * @param member the member it acts on, when it acts on one
 * @param description what it does, in words, for the dry run and progress
 * @param state Pending, Running, Succeeded, Failed, Skipped or Cancelled
 * @param marker what the step noted before it acted (a process id, the old primary), to tell on resume whether its
 *     action already happened
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OperationStep(
        int index,
        String action,
        String member,
        String description,
        String state,
        String message,
        String marker,
        String startedAt,
        String finishedAt) {

    public static final String PENDING = "Pending";
    public static final String RUNNING = "Running";
    public static final String SUCCEEDED = "Succeeded";
    public static final String FAILED = "Failed";
    public static final String SKIPPED = "Skipped";
    public static final String CANCELLED = "Cancelled";

    public static final String SWITCHOVER = "switchover";
    public static final String RESTART = "restart";
    public static final String RESTART_PRIMARY_FIRST = "restart-primary-first";
    public static final String REBUILD = "rebuild";
    public static final String REMOVE = "remove";
    public static final String RESIZE = "resize";
    public static final String AWAIT_MEMBERS = "await-members";
    public static final String AWAIT_REJOIN = "await-rejoin";

    public static OperationStep planned(int index, String action, String member, String description) {
        return new OperationStep(index, action, member, description, PENDING, null, null, null, null);
    }

    public boolean isFinished() {
        return SUCCEEDED.equals(state) || SKIPPED.equals(state) || CANCELLED.equals(state) || FAILED.equals(state);
    }

    public OperationStep running(String now, String newMarker, String newMessage) {
        return new OperationStep(
                index,
                action,
                member,
                description,
                RUNNING,
                newMessage,
                newMarker,
                startedAt == null ? now : startedAt,
                null);
    }

    public OperationStep withMessage(String newMessage) {
        return new OperationStep(index, action, member, description, state, newMessage, marker, startedAt, finishedAt);
    }

    public OperationStep withMarker(String newMarker) {
        return new OperationStep(index, action, member, description, state, message, newMarker, startedAt, finishedAt);
    }

    public OperationStep finished(String newState, String newMessage, String now) {
        return new OperationStep(index, action, member, description, newState, newMessage, marker, startedAt, now);
    }
}
