package dev.marina.cli;

import static java.util.Objects.requireNonNull;

import dev.marina.api.DatabaseOperation;
import dev.marina.api.OperationSpec;
import dev.marina.api.OperationStatus;
import java.time.Instant;
import java.util.List;

/** The table {@code marina get ops} prints: one row per operation, oldest first as the control plane lists them. */
public final class OperationTable {

    /** Long enough for "queued behind demo-switchover-12"; the rest is for {@code marina describe op}. */
    static final int MESSAGE_WIDTH = 60;

    private static final List<String> HEADERS = List.of("name", "cluster", "type", "phase", "step", "age", "message");

    private OperationTable() {}

    public static Table of(List<DatabaseOperation> operations, Instant now) {
        requireNonNull(operations, "operations is null");
        requireNonNull(now, "now is null");
        return Table.of(
                HEADERS,
                operations.stream().map(operation -> row(operation, now)).toList());
    }

    private static List<String> row(DatabaseOperation operation, Instant now) {
        OperationSpec spec = operation.spec();
        OperationStatus status = operation.status();
        return Table.row(
                OperationFields.name(operation),
                spec == null ? null : spec.cluster(),
                spec == null ? null : spec.type(),
                status == null ? null : status.phase(),
                OperationSteps.position(status),
                Ages.since(OperationFields.createdAt(operation), now),
                truncate(message(status)));
    }

    /** The operation's own message, or while it runs, what its current step says. */
    private static String message(OperationStatus status) {
        if (status == null) {
            return null;
        }
        if (status.message() != null && !status.message().isBlank()) {
            return status.message();
        }
        if (!OperationStatus.RUNNING.equals(status.phase())) {
            return null;
        }
        return status.currentStep().map(OperationSteps::latestWord).orElse(null);
    }

    static String truncate(String text) {
        if (text == null) {
            return null;
        }
        String line = text.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
        return line.length() <= MESSAGE_WIDTH ? line : line.substring(0, MESSAGE_WIDTH - 3) + "...";
    }
}
