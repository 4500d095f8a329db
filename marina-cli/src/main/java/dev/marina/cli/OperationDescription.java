package dev.marina.cli;

import static java.util.Objects.requireNonNull;

import dev.marina.api.DatabaseOperation;
import dev.marina.api.Durations;
import dev.marina.api.OperationSpec;
import dev.marina.api.OperationStatus;
import dev.marina.api.OperationStep;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/**
 * What {@code marina describe op} prints: what was asked (only the spec fields that are set), where the operation is,
 * when it started and ended, and every step with its state and latest message. Pure: the same inputs give the same
 * text.
 *
 * @param operation the operation as the control plane returned it
 * @param now for ages
 */
public record OperationDescription(DatabaseOperation operation, Instant now) {

    private static final int LABEL_WIDTH = 20;
    private static final int STATE_WIDTH = OperationStep.SUCCEEDED.length();

    public OperationDescription {
        requireNonNull(operation, "operation is null");
        requireNonNull(now, "now is null");
    }

    public String render() {
        StringBuilder text = new StringBuilder();
        OperationSpec spec = operation.spec();
        OperationStatus status = operation.status();
        field(text, "Name", OperationFields.name(operation));
        field(text, "Cluster", spec == null ? null : spec.cluster());
        field(text, "Type", spec == null ? null : spec.type());
        if (spec != null) {
            optionalField(text, "Member", spec.member());
            optionalField(text, "To", spec.to());
            optionalField(text, "Component", spec.component());
            optionalField(text, "Replicas", spec.replicas());
            optionalField(text, "Keep data", spec.keepData());
            optionalField(text, "Force", spec.force());
            optionalField(text, "Reason", spec.reason());
        }
        field(text, "Phase", OperationFields.phase(operation));
        field(text, "Message", OperationFields.message(operation));
        if (status != null && status.isCancelRequested()) {
            field(text, "Cancel requested", "true");
        }
        field(text, "Step", OperationSteps.position(status));
        field(text, "Created", moment(OperationFields.createdAt(operation)));
        field(text, "Started", status == null ? null : moment(status.startedAt()));
        field(text, "Finished", status == null ? null : finished(status));
        steps(text, status == null ? List.of() : status.steps());
        return text.toString();
    }

    private void steps(StringBuilder text, List<OperationStep> steps) {
        text.append("\nSteps:\n");
        if (steps.isEmpty()) {
            text.append("  <none>\n");
            return;
        }
        int width = String.valueOf(steps.size()).length();
        for (OperationStep step : steps) {
            String state = step.state() == null ? "-" : step.state();
            String head = OperationSteps.number(step, width) + " " + state
                    + " ".repeat(Math.max(0, STATE_WIDTH - state.length())) + "  ";
            text.append(head).append(OperationSteps.describe(step)).append('\n');
            if (step.message() != null && !step.message().isBlank()) {
                // Under the description, so a long message never pushes the next step out of line.
                text.append(" ".repeat(head.length()))
                        .append(step.message()
                                .replaceAll("\\s*[\\r\\n]+\\s*", " ")
                                .strip())
                        .append('\n');
            }
        }
    }

    /** {@code 2026-11-20T10:00:00Z (10m ago)}. */
    private String moment(String timestamp) {
        return moment(timestamp, "");
    }

    private String moment(String timestamp, String addition) {
        if (timestamp == null || timestamp.isBlank()) {
            return null;
        }
        return timestamp + " (" + Ages.since(timestamp, now) + " ago" + addition + ")";
    }

    /** The end, and how long the operation took from its start. */
    private String finished(OperationStatus status) {
        String took = between(status.startedAt(), status.finishedAt())
                .map(duration -> ", took " + Durations.format(duration))
                .orElse("");
        return moment(status.finishedAt(), took);
    }

    private static Optional<Duration> between(String start, String end) {
        if (start == null || end == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Duration.between(
                    OffsetDateTime.parse(start).toInstant(),
                    OffsetDateTime.parse(end).toInstant()));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static void optionalField(StringBuilder text, String label, Object value) {
        if (value != null) {
            field(text, label, value.toString());
        }
    }

    private static void field(StringBuilder text, String label, String value) {
        String shown = value == null || value.isBlank() ? "-" : value;
        text.append(label).append(':').append(" ".repeat(Math.max(1, LABEL_WIDTH - label.length())));
        text.append(shown).append('\n');
    }
}
