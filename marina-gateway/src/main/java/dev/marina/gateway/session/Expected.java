package dev.marina.gateway.session;

import io.netty.buffer.ByteBuf;

/**
 * One response the client is owed, in the order it is owed. {@code serverStatement} names the statement a parse
 * prepares or a hidden close evicts; {@code synthetic} holds what the gateway answers itself in place of the server.
 */
record Expected(Kind kind, String serverStatement, ByteBuf synthetic) {

    enum Kind {
        /** A client's Parse: ParseComplete goes to the client. */
        PARSE,
        /** The gateway's own Parse, preparing a client's statement on this connection: its answer is swallowed. */
        HIDDEN_PARSE,
        BIND,
        DESCRIBE,
        EXECUTE,
        CLOSE,
        /** The gateway's own Close, evicting a statement from this connection: its answer is swallowed. */
        HIDDEN_CLOSE,
        SYNC,
        QUERY,
        FUNCTION_CALL,
        /** The gateway answers in the server's place, once everything before it was answered. */
        SYNTHETIC
    }

    /** One per kind: immutable, so every message of a kind can share it instead of allocating its own. */
    private static final Expected[] PLAIN = plain();

    static Expected of(Kind kind) {
        return PLAIN[kind.ordinal()];
    }

    private static Expected[] plain() {
        Expected[] plain = new Expected[Kind.values().length];
        for (Kind kind : Kind.values()) {
            plain[kind.ordinal()] = new Expected(kind, null, null);
        }
        return plain;
    }

    static Expected parse(Kind kind, String serverStatement) {
        return new Expected(kind, serverStatement, null);
    }

    static Expected synthetic(ByteBuf message) {
        return new Expected(Kind.SYNTHETIC, null, message);
    }

    /** Whether the answer ends at a ReadyForQuery rather than at one message of its own. */
    boolean endsWithReady() {
        return kind == Kind.SYNC || kind == Kind.QUERY || kind == Kind.FUNCTION_CALL;
    }
}
