package dev.marina.control.step;

import static java.util.Objects.requireNonNull;

/** Where one step is, as persisted: {@code running}, {@code succeeded} or {@code failed}, with the attempt number. */
public record StepProgress(
        String path, String state, int attempt, String message, String startedAt, String finishedAt) {

    public static final String RUNNING = "running";
    public static final String SUCCEEDED = "succeeded";
    public static final String FAILED = "failed";

    public StepProgress {
        requireNonNull(path, "path is null");
        requireNonNull(state, "state is null");
        message = message == null ? "" : message;
    }
}
