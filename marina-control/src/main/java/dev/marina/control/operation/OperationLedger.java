package dev.marina.control.operation;

import static java.util.Objects.requireNonNull;

import dev.marina.api.DatabaseOperation;
import dev.marina.control.store.ClusterStore;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Reads and changes operations one at a time: the API (create, cancel) and the runner (progress) change the same
 * records, and a change is always made to the latest version, so a cancel is never overwritten by progress saved after
 * a long step.
 */
public final class OperationLedger {

    private final ClusterStore store;

    public OperationLedger(ClusterStore store) {
        this.store = requireNonNull(store, "store is null");
    }

    public synchronized void create(DatabaseOperation operation) {
        if (store.operation(operation.name()).isPresent()) {
            throw new IllegalStateException("operation " + operation.name() + " exists already");
        }
        store.saveOperation(operation);
    }

    /** Stores the planned form of an operation a user wrote into the store directly, under its name. */
    public synchronized void adopt(DatabaseOperation operation) {
        store.saveOperation(operation);
    }

    /** Applies {@code change} to the stored version and stores the result; empty when there is no such operation. */
    public synchronized Optional<DatabaseOperation> update(String name, UnaryOperator<DatabaseOperation> change) {
        Optional<DatabaseOperation> current = store.operation(name);
        if (current.isEmpty()) {
            return Optional.empty();
        }
        DatabaseOperation changed = change.apply(current.get());
        if (!changed.equals(current.get())) {
            store.saveOperation(changed);
        }
        return Optional.of(changed);
    }

    public Optional<DatabaseOperation> find(String name) {
        return store.operation(name);
    }

    /** The operations of {@code cluster} (every cluster when null), oldest first. */
    public List<DatabaseOperation> list(String cluster) {
        return store.operations(cluster);
    }

    /** The operations of {@code cluster} that are pending or running, oldest first. */
    public List<DatabaseOperation> unfinished(String cluster) {
        return store.operations(cluster).stream()
                .filter(operation ->
                        operation.status() == null || !operation.status().isFinished())
                .toList();
    }
}
