package dev.marina.control.step;

/** A step failed; the message names the step path and the cause, for events and conditions. */
public final class StepFailedException extends RuntimeException {

    private final String path;

    public StepFailedException(String path, String message, Throwable cause) {
        super(path + ": " + message, cause);
        this.path = path;
    }

    public String path() {
        return path;
    }
}
