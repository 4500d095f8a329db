package dev.marina.gateway.session;

import static java.util.Objects.requireNonNull;

import java.util.HashMap;
import java.util.Map;

/**
 * The statements one client prepared, by the client's own names, each holding its shared server-side name in {@link
 * StatementNames} until the client closes it, deallocates it, or leaves. Confined to the event loop.
 */
final class ClientStatements {

    private final StatementNames shared;
    private final Map<String, ClientStatement> byName = new HashMap<>();

    ClientStatements(StatementNames shared) {
        this.shared = requireNonNull(shared, "shared is null");
    }

    /** A statement the client prepares as {@code name}; one it had under that name before is let go. */
    ClientStatement prepare(String name, byte[] body, String query) {
        ClientStatement statement = new ClientStatement(shared.acquire(body), body, query);
        ClientStatement before = byName.put(name, statement);
        if (before != null) {
            shared.release(before.body());
        }
        return statement;
    }

    ClientStatement get(String name) {
        return byName.get(name);
    }

    boolean containsKey(String name) {
        return byName.containsKey(name);
    }

    /** Lets go of the statement the client called {@code name}; null when it had none. */
    ClientStatement remove(String name) {
        ClientStatement removed = byName.remove(name);
        if (removed != null) {
            shared.release(removed.body());
        }
        return removed;
    }

    /** Lets go of every statement (DEALLOCATE ALL, DISCARD ALL, the client left). */
    void clear() {
        byName.values().forEach(statement -> shared.release(statement.body()));
        byName.clear();
    }
}
