package dev.marina.operator.store;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;

/**
 * Turns a failed Kubernetes API call into the exception the other stores throw ({@link IllegalStateException}), with
 * what was being done to which object and the HTTP status, so the message alone says where to look.
 */
final class KubernetesFailure {

    private KubernetesFailure() {}

    static IllegalStateException of(String action, String object, KubernetesClientException cause) {
        String status = cause.getCode() > 0 ? "HTTP " + cause.getCode() : "no HTTP response";
        String reason = cause.getStatus() != null && cause.getStatus().getMessage() != null
                ? cause.getStatus().getMessage()
                : cause.getMessage();
        return new IllegalStateException("cannot " + action + " " + object + " (" + status + "): " + reason, cause);
    }

    static boolean isConflict(KubernetesClientException exception) {
        return exception.getCode() == HttpURLConnection.HTTP_CONFLICT;
    }

    static boolean isNotFound(KubernetesClientException exception) {
        return exception.getCode() == HttpURLConnection.HTTP_NOT_FOUND;
    }

    /**
     * A write over a copy of {@code object} failed: a conflict stays one, and a 404 (removed since it was read) becomes
     * one too, so that {@link ConflictRetry} reads it afresh and tries again; anything else is returned as it is.
     */
    static KubernetesClientException retriable(String object, KubernetesClientException failure) {
        if (isNotFound(failure)) {
            return new KubernetesClientException(
                    object + " was removed meanwhile", HttpURLConnection.HTTP_CONFLICT, null);
        }
        return failure;
    }
}
