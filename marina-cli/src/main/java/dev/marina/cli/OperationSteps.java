package dev.marina.cli;

import static java.util.Objects.requireNonNull;

import dev.marina.api.OperationStatus;
import dev.marina.api.OperationStep;
import java.util.List;

/** How an operation's steps read: the numbered plan, where the operation is ({@code 2/4}), one step's label. */
public final class OperationSteps {

    private OperationSteps() {}

    /** Each step on its own line as {@code   1. description}, the numbers aligned. */
    public static String plan(List<OperationStep> steps) {
        requireNonNull(steps, "steps is null");
        int width = String.valueOf(steps.size()).length();
        StringBuilder text = new StringBuilder();
        for (OperationStep step : steps) {
            text.append(number(step, width)).append(' ').append(describe(step)).append('\n');
        }
        return text.toString();
    }

    /**
     * {@code 2/4}: the last step that began, of all the steps; {@code 0/4} before the first began, and {@code null}
     * when there are no steps at all. Counting begun steps rather than finished ones makes a running operation read
     * like its progress lines ("step 2/4 ...") and a failed one point at the step that failed.
     */
    public static String position(OperationStatus status) {
        if (status == null || status.steps().isEmpty()) {
            return null;
        }
        int reached = status.steps().stream()
                .filter(OperationSteps::hasBegun)
                .mapToInt(OperationStep::index)
                .max()
                .orElse(0);
        return reached + "/" + status.steps().size();
    }

    /** {@code step 2/4 restart demo-postgres-2}: the step, where it stands in the plan, and what it acts on. */
    public static String label(OperationStep step, int total) {
        requireNonNull(step, "step is null");
        StringBuilder label =
                new StringBuilder("step ").append(step.index()).append('/').append(total);
        if (step.action() != null) {
            label.append(' ').append(step.action());
        }
        if (step.member() != null) {
            label.append(' ').append(step.member());
        }
        return label.toString();
    }

    /**
     * Whether the step was ever under way. Steps an operation closes unstarted (after a failure or a cancel) are
     * Cancelled with no start time; those never began.
     */
    public static boolean hasBegun(OperationStep step) {
        if (step.startedAt() != null) {
            return true;
        }
        return OperationStep.RUNNING.equals(step.state())
                || OperationStep.SUCCEEDED.equals(step.state())
                || OperationStep.FAILED.equals(step.state())
                || OperationStep.SKIPPED.equals(step.state());
    }

    /** What the step says it is doing now, or else what it is for. */
    public static String latestWord(OperationStep step) {
        return step.message() == null || step.message().isBlank() ? describe(step) : step.message();
    }

    static String number(OperationStep step, int width) {
        String index = String.valueOf(step.index());
        return "  " + " ".repeat(Math.max(0, width - index.length())) + index + ".";
    }

    static String describe(OperationStep step) {
        if (step.description() != null && !step.description().isBlank()) {
            return step.description();
        }
        return step.action() == null ? "-" : step.action();
    }
}
