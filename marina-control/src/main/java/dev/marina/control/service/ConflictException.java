package dev.marina.control.service;

/** The request is valid but refused in the cluster's present state (e.g. deletion protection). */
public final class ConflictException extends RuntimeException {

    public ConflictException(String message) {
        super(message);
    }
}
