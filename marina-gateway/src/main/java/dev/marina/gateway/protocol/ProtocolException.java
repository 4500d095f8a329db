package dev.marina.gateway.protocol;

/** A peer broke the wire protocol: a malformed, oversized or unexpected message. The message is safe to show. */
public final class ProtocolException extends RuntimeException {

    private final String sqlState;

    public ProtocolException(String sqlState, String message) {
        super(message);
        this.sqlState = sqlState;
    }

    public ProtocolException(String message) {
        this(SqlStates.PROTOCOL_VIOLATION, message);
    }

    public String sqlState() {
        return sqlState;
    }
}
