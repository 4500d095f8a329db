package dev.marina.control.operation;

/**
 * A preflight check refused an operation: the request is well formed, but the cluster cannot take it now, or it would
 * give up what the cluster promises (a member that does not exist, no healthy replica, the last synchronous replica).
 * The message says what to do instead.
 */
public final class OperationRefusedException extends RuntimeException {

    private final String field;

    public OperationRefusedException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The request field the refusal is about ({@code spec.member}, ...), or empty when it is the cluster's state. */
    public String field() {
        return field == null ? "" : field;
    }
}
