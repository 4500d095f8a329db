package dev.marina.control.runtime;

/** A failure a user can act on (a binary missing, a port taken, a directory owned by someone else). */
public final class RuntimeFailure extends RuntimeException {

    public RuntimeFailure(String message) {
        super(message);
    }

    public RuntimeFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
