package dev.marina.gateway.auth;

import static java.util.Objects.requireNonNull;

/**
 * Reads the comma-separated {@code name=value} attributes of a SCRAM message from left to right, the way PostgreSQL's
 * {@code auth-scram.c} does ({@code read_attr_value}, {@code read_any_attr}), so the gateway accepts and rejects the
 * same messages the server would. Every problem is an {@link AuthenticationFailedException} whose message does not
 * echo the input.
 */
final class ScramMessageReader {

    /** One attribute: a letter, and the text after {@code '='} up to the next comma. */
    record Attribute(char name, String value) {}

    private final String message;
    private int position;

    ScramMessageReader(String message) throws AuthenticationFailedException {
        this.message = requireNonNull(message, "message is null");
        // PostgreSQL receives the message as a C string, so a NUL byte inside it is malformed there too.
        if (message.indexOf('\0') >= 0) {
            throw AuthenticationFailedException.malformed("message contains a NUL character");
        }
    }

    boolean atEnd() {
        return position >= message.length();
    }

    /** The next character without consuming it, or NUL at the end of the message. */
    char peek() {
        return atEnd() ? '\0' : message.charAt(position);
    }

    int position() {
        return position;
    }

    /** The unread rest of the message. */
    String rest() {
        return message.substring(position);
    }

    /** The message up to, not including, an earlier position. */
    String prefix(int end) {
        return message.substring(0, end);
    }

    char next(String expectation) throws AuthenticationFailedException {
        if (atEnd()) {
            throw AuthenticationFailedException.malformed(
                    "expected " + expectation + " but found the end of the message");
        }
        return message.charAt(position++);
    }

    void expect(char expected, String expectation) throws AuthenticationFailedException {
        if (next(expectation) != expected) {
            throw AuthenticationFailedException.malformed("expected " + expectation);
        }
    }

    /** Reads attribute {@code name} and its value, and the comma after it if there is one. */
    String attribute(char name) throws AuthenticationFailedException {
        if (peek() != name) {
            throw AuthenticationFailedException.malformed("expected attribute \"" + name + "\"");
        }
        position++;
        return value();
    }

    /** Reads whichever attribute comes next, as PostgreSQL does to skip extensions it does not support. */
    Attribute anyAttribute() throws AuthenticationFailedException {
        char name = next("an attribute");
        if (!(name >= 'A' && name <= 'Z') && !(name >= 'a' && name <= 'z')) {
            throw AuthenticationFailedException.malformed("expected an attribute name (a letter)");
        }
        return new Attribute(name, value());
    }

    private String value() throws AuthenticationFailedException {
        if (atEnd() || message.charAt(position) != '=') {
            throw AuthenticationFailedException.malformed("expected \"=\" after an attribute name");
        }
        position++;
        int comma = message.indexOf(',', position);
        int end = comma < 0 ? message.length() : comma;
        String value = message.substring(position, end);
        position = comma < 0 ? end : comma + 1;
        return value;
    }
}
