package dev.marina.testkit.chaos;

/** Failures as short, one-line text: chaos runs record thousands of them, and their stack traces say nothing new. */
final class ErrorText {

    private static final int MAXIMUM_LENGTH = 200;

    private ErrorText() {}

    /** The exception's type and the first line of its message, cut to a readable length. */
    static String of(Throwable failure) {
        String message =
                failure.getMessage() == null ? "" : failure.getMessage().strip();
        int newline = message.indexOf('\n');
        if (newline >= 0) {
            message = message.substring(0, newline).strip();
        }
        String text = failure.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
        return text.length() > MAXIMUM_LENGTH ? text.substring(0, MAXIMUM_LENGTH) + "..." : text;
    }
}
