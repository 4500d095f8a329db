package dev.marina.operator.runtime;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * A digest of a ConfigMap's or Secret's data, which is what the operator keeps of a member's files in place of the
 * files (see {@link KeptFields}): comparing digests tells whether the files must be written again, and a digest of a
 * Secret tells nothing of its values.
 */
final class DataDigest {

    private DataDigest() {}

    /** The digest of {@code data}, independent of the map's order; a null map is an empty one. */
    static String of(Map<String, String> data) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
        if (data != null) {
            for (Map.Entry<String, String> entry : new TreeMap<>(data).entrySet()) {
                update(digest, entry.getKey());
                update(digest, entry.getValue());
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Each text with its length first, so that no two maps give the same bytes. */
    private static void update(MessageDigest digest, String text) {
        byte[] bytes = (text == null ? "" : text).getBytes(StandardCharsets.UTF_8);
        digest.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
        digest.update((byte) ':');
        digest.update(bytes);
    }
}
