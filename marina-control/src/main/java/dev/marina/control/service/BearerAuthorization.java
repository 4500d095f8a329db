package dev.marina.control.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Checks an HTTP {@code Authorization} header against a secret, the way every Marina control plane does: the header
 * must be {@code Bearer <secret>}. The two are compared as SHA-256 digests in constant time, so that neither the
 * position of the first wrong character nor the secret's length shows in how long the answer takes.
 */
public final class BearerAuthorization {

    private static final String SCHEME = "Bearer ";

    private BearerAuthorization() {}

    /** Whether {@code authorization} (a header's value, or null when absent) carries {@code secret}. */
    public static boolean carries(String authorization, String secret) {
        // An empty secret would let an empty header in: a secret that is not set opens nothing.
        if (authorization == null || secret == null || secret.isEmpty()) {
            return false;
        }
        if (!authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return false;
        }
        return MessageDigest.isEqual(sha256(authorization.substring(SCHEME.length())), sha256(secret));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
