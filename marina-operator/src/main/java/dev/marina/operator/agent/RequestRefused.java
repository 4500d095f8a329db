package dev.marina.operator.agent;

/**
 * A request the agent refuses with a 4xx status and one message, which names the field or the state at fault. The
 * message never holds a value from the request: a request carries passwords.
 */
final class RequestRefused extends RuntimeException {

    private final int status;

    RequestRefused(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    static RequestRefused badRequest(String message) {
        return new RequestRefused(400, message);
    }

    static RequestRefused conflict(String message) {
        return new RequestRefused(409, message);
    }

    int status() {
        return status;
    }
}
