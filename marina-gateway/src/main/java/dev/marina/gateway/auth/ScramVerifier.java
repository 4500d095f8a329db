package dev.marina.gateway.auth;

import static java.util.Objects.requireNonNull;

import com.ongres.scram.common.ScramFunctions;
import com.ongres.scram.common.ScramMechanism;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * What the server side of SCRAM-SHA-256 keeps instead of the password, as PostgreSQL keeps it in {@code pg_authid}:
 * enough to check a client's proof and to prove to the client that we know the password, but not the password.
 *
 * <p>The arrays are copied in and out, so a verifier cannot change after it is built. {@link #toString()} prints only
 * the iteration count.
 *
 * @param salt the salt mixed into the salted password
 * @param iterations the PBKDF2 iteration count
 * @param storedKey {@code H(ClientKey)}, checked against each client's proof
 * @param serverKey {@code HMAC(SaltedPassword, "Server Key")}, signs the server-final-message
 */
public record ScramVerifier(byte[] salt, int iterations, byte[] storedKey, byte[] serverKey) {

    /** PostgreSQL's defaults ({@code SCRAM_DEFAULT_SALT_LEN}, {@code scram_iterations}), so clients see nothing odd. */
    static final int SALT_LENGTH = 16;

    static final int ITERATIONS = 4096;

    private static final int KEY_LENGTH = 32;

    public ScramVerifier {
        requireNonNull(salt, "salt is null");
        requireNonNull(storedKey, "storedKey is null");
        requireNonNull(serverKey, "serverKey is null");
        if (salt.length == 0) {
            throw new IllegalArgumentException("salt is empty");
        }
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be at least 1, not " + iterations);
        }
        if (storedKey.length != KEY_LENGTH || serverKey.length != KEY_LENGTH) {
            throw new IllegalArgumentException("storedKey and serverKey must be " + KEY_LENGTH + " bytes (SHA-256)");
        }
        salt = salt.clone();
        storedKey = storedKey.clone();
        serverKey = serverKey.clone();
    }

    /**
     * Derives a verifier for a password with a fresh random salt, as {@code CREATE ROLE ... PASSWORD} does on a
     * PostgreSQL server with {@code password_encryption = scram-sha-256}.
     *
     * @throws IllegalArgumentException if the password is empty or cannot be prepared for SCRAM
     */
    public static ScramVerifier of(String password, SecureRandom random) {
        requireNonNull(password, "password is null");
        requireNonNull(random, "random is null");
        byte[] salt = new byte[SALT_LENGTH];
        random.nextBytes(salt);
        return of(password, salt, ITERATIONS);
    }

    /** Derives a verifier with a given salt and iteration count: for test vectors. */
    static ScramVerifier of(String password, byte[] salt, int iterations) {
        char[] characters = PostgresPasswordPreparation.checkedCharacters(password);
        ScramMechanism mechanism = ScramMechanism.SCRAM_SHA_256;
        byte[] saltedPassword = ScramFunctions.saltedPassword(
                mechanism, PostgresPasswordPreparation.PREPARATION, characters, salt, iterations);
        Arrays.fill(characters, '\0');
        byte[] clientKey = ScramFunctions.clientKey(mechanism, saltedPassword);
        ScramVerifier verifier = new ScramVerifier(
                salt,
                iterations,
                ScramFunctions.storedKey(mechanism, clientKey),
                ScramFunctions.serverKey(mechanism, saltedPassword));
        Arrays.fill(saltedPassword, (byte) 0);
        Arrays.fill(clientKey, (byte) 0);
        return verifier;
    }

    @Override
    public byte[] salt() {
        return salt.clone();
    }

    @Override
    public byte[] storedKey() {
        return storedKey.clone();
    }

    @Override
    public byte[] serverKey() {
        return serverKey.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ScramVerifier that
                && iterations == that.iterations
                && Arrays.equals(salt, that.salt)
                && Arrays.equals(storedKey, that.storedKey)
                && Arrays.equals(serverKey, that.serverKey);
    }

    @Override
    public int hashCode() {
        int hash = Arrays.hashCode(salt);
        hash = 31 * hash + iterations;
        hash = 31 * hash + Arrays.hashCode(storedKey);
        return 31 * hash + Arrays.hashCode(serverKey);
    }

    @Override
    public String toString() {
        return "ScramVerifier[iterations=" + iterations + ", keys redacted]";
    }
}
