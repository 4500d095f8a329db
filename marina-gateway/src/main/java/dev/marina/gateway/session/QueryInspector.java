package dev.marina.gateway.session;

import java.util.Optional;

/** What the gateway needs to know about SQL text, for routing and for what transaction pooling cannot carry. */
public interface QueryInspector {

    /** True only when the statement is provably a read, or begins a read-only transaction (or a hint says so). */
    boolean isRead(String sql);

    /** True when the statement leaves session state behind (SET, LISTEN, advisory locks, temp tables, ...). */
    boolean pinsSession(String sql);

    /** The statement name of a lone {@code DEALLOCATE name}; {@code ""} for {@code DEALLOCATE ALL}. */
    Optional<String> deallocation(String sql);

    /** True for a lone {@code DISCARD ALL}. */
    boolean discardsAll(String sql);
}
