package dev.marina.operator.agent;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The token the operator authenticates to the agent with. Compared in constant time over digests of equal length, so
 * that neither the position of the first wrong character nor the token's length shows in the answer's timing.
 */
final class BearerToken {

    private static final String PREFIX = "Bearer ";

    private final byte[] digest;

    BearerToken(String token) {
        requireNonNull(token, "token is null");
        if (token.isBlank()) {
            throw new IllegalArgumentException("the agent's token is empty");
        }
        this.digest = sha256(token);
    }

    /** Whether an {@code Authorization} header's value carries this token; false when it is absent. */
    boolean accepts(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return false;
        }
        return MessageDigest.isEqual(
                digest, sha256(authorization.substring(PREFIX.length()).strip()));
    }

    static String header(String token) {
        return PREFIX + token;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    @Override
    public String toString() {
        return "BearerToken[***]";
    }
}
