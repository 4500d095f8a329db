package dev.marina.control.service;

/** The named cluster or member does not exist. */
public final class NotFoundException extends RuntimeException {

    public NotFoundException(String message) {
        super(message);
    }
}
