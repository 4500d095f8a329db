package dev.marina.cli;

import static java.util.Objects.requireNonNull;

import dev.marina.api.DatabaseOperation;

/**
 * An operation as the control plane answered it: read, for what people see, and as sent, for {@code -o json|yaml},
 * which must keep fields this CLI does not know yet.
 *
 * @param operation the answer read into the model
 * @param json the answer exactly as sent
 */
public record OperationAnswer(DatabaseOperation operation, String json) {

    public OperationAnswer {
        requireNonNull(operation, "operation is null");
        requireNonNull(json, "json is null");
    }
}
