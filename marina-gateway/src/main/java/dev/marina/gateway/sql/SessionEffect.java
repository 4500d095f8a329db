package dev.marina.gateway.sql;

import static java.util.Objects.requireNonNull;

/**
 * What a statement does to session state that a transaction-pooling gateway has to act on. Computed by
 * {@link SessionEffects#of}; anything uncertain is a {@link Pin}.
 */
public sealed interface SessionEffect {

    SessionEffect NONE = new None();
    SessionEffect DISCARD_ALL = new DiscardAll();
    SessionEffect DEALLOCATE_ALL = new DeallocateAll();
    SessionEffect UNLISTEN_ALL = new UnlistenAll();

    /** Whether the client must stay on its server connection from now on. */
    default boolean pins() {
        return this instanceof Pin;
    }

    /** Nothing that outlives the transaction. */
    record None() implements SessionEffect {}

    /**
     * Leaves session state another server connection would not have (a setting, a listener, a session lock, a temporary
     * object, a prepared statement or held cursor, a loaded library), or the text could not be read with certainty.
     *
     * @param cause what pinned, for logs: a keyword or function name such as {@code SET} or {@code pg_advisory_lock}
     */
    record Pin(String cause) implements SessionEffect {
        public Pin {
            requireNonNull(cause, "cause is null");
        }
    }

    /** {@code DISCARD ALL} alone: the session is back to its initial state. */
    record DiscardAll() implements SessionEffect {}

    /**
     * {@code DEALLOCATE [PREPARE] name} alone.
     *
     * @param name the prepared statement's name as PostgreSQL resolves it: unquoted folded to lower case, quoted as
     *     written
     */
    record Deallocate(String name) implements SessionEffect {
        public Deallocate {
            requireNonNull(name, "name is null");
        }
    }

    /** {@code DEALLOCATE [PREPARE] ALL} alone. */
    record DeallocateAll() implements SessionEffect {}

    /** {@code UNLISTEN *} alone: the session listens to nothing any more. */
    record UnlistenAll() implements SessionEffect {}
}
