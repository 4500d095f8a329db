package dev.marina.cli;

import static java.util.Objects.requireNonNull;

import dev.marina.api.DatabaseOperation;
import dev.marina.api.OperationStatus;

/**
 * Null-safe reads of an operation. Answers are read leniently, and a dry run's plan has no name, so any part may be
 * missing; these say so with {@code null} instead of failing.
 */
public final class OperationFields {

    private OperationFields() {}

    public static String name(DatabaseOperation operation) {
        requireNonNull(operation, "operation is null");
        return operation.metadata() == null ? null : operation.metadata().name();
    }

    public static String phase(DatabaseOperation operation) {
        requireNonNull(operation, "operation is null");
        return operation.status() == null ? null : operation.status().phase();
    }

    public static String message(DatabaseOperation operation) {
        requireNonNull(operation, "operation is null");
        OperationStatus status = operation.status();
        return status == null || status.message() == null || status.message().isBlank() ? null : status.message();
    }

    /** When it was created: the metadata's timestamp, else the status's (both are set by the control plane). */
    public static String createdAt(DatabaseOperation operation) {
        requireNonNull(operation, "operation is null");
        if (operation.metadata() != null && operation.metadata().creationTimestamp() != null) {
            return operation.metadata().creationTimestamp();
        }
        return operation.status() == null ? null : operation.status().createdAt();
    }

    public static boolean isFinished(DatabaseOperation operation) {
        requireNonNull(operation, "operation is null");
        return operation.status() != null && operation.status().isFinished();
    }
}
