package dev.marina.gateway.auth;

import static java.util.Objects.requireNonNull;

import com.ongres.scram.common.ScramFunctions;
import com.ongres.scram.common.ScramMechanism;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * The SCRAM salted passwords the gateway derived to log in to PostgreSQL, by password, salt and iteration count.
 * PostgreSQL keeps one salt per role, so every server connection of a user hears the same one; deriving it again
 * (PBKDF2: 4096 rounds of HMAC-SHA-256) for each new connection took milliseconds of the gateway's one event loop
 * thread, a stall for every client when a pool reopens after a failover, and kept the JIT compiler busy with PBKDF2
 * while the gateway warmed up. Holds nothing the gateway's config does not already hold. Confined to the event loop.
 */
public final class SaltedPasswords {

    /** Salts come from the servers in the topology; a server that changed salt every time must not grow this. */
    private static final int MAXIMUM_ENTRIES = 256;

    private record Key(String password, String salt, int iterations) {}

    private final Map<Key, byte[]> derived = new HashMap<>();

    /**
     * The salted password for a server-first-message's salt (base64, as sent) and iteration count.
     *
     * @throws IllegalArgumentException if the salt is not base64 or the password cannot be prepared for SCRAM
     */
    byte[] of(String password, String salt, int iterations) {
        requireNonNull(password, "password is null");
        requireNonNull(salt, "salt is null");
        Key key = new Key(password, salt, iterations);
        byte[] known = derived.get(key);
        if (known == null) {
            known = derive(password, Base64.getDecoder().decode(salt), iterations);
            if (derived.size() >= MAXIMUM_ENTRIES) {
                derived.clear();
            }
            derived.put(key, known);
        }
        return known.clone();
    }

    private static byte[] derive(String password, byte[] salt, int iterations) {
        char[] characters = PostgresPasswordPreparation.checkedCharacters(password);
        try {
            return ScramFunctions.saltedPassword(
                    ScramMechanism.SCRAM_SHA_256,
                    PostgresPasswordPreparation.PREPARATION,
                    characters,
                    salt,
                    iterations);
        } finally {
            Arrays.fill(characters, '\0');
        }
    }
}
