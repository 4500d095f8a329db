package dev.marina.gateway.config;

/** A gateway configuration that cannot be used; the message names the field and what to do. */
public final class InvalidConfigException extends Exception {

    public InvalidConfigException(String message) {
        super(message);
    }

    public InvalidConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
