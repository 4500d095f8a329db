package dev.marina.gateway.session;

import java.util.Optional;

/** What the gateway needs to know about SQL text, for routing and for what transaction pooling cannot carry. */
public interface QueryInspector {

    /** True only when the statement is provably a read, or begins a read-only transaction (or a hint says so). */
    boolean isRead(String sql);

    /** What a statement does to the session, read once per statement (the lexer is the gateway's dearest step). */
    SessionFacts sessionFacts(String sql);

    /**
     * True when the first {@code length} bytes of UTF-8 text certainly leave no session effect, so that the gateway
     * need not decode every statement into a String; false when {@link #sessionFacts} must tell.
     */
    default boolean certainlyNoSessionEffect(byte[] utf8, int length) {
        return false;
    }

    /**
     * @param pins the statement leaves session state behind (SET, LISTEN, advisory locks, temp tables, ...)
     * @param deallocation the name of a lone {@code DEALLOCATE name}; {@code ""} for {@code DEALLOCATE ALL}
     * @param discardsAll a lone {@code DISCARD ALL}
     */
    record SessionFacts(boolean pins, Optional<String> deallocation, boolean discardsAll) {
        public static final SessionFacts NONE = new SessionFacts(false, Optional.empty(), false);
    }
}
