package dev.marina.gateway.auth;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class ScramVerifierTest {

    private static final byte[] SALT = Base64.getDecoder().decode(Rfc7677.SALT);

    @Test
    void usesPostgresDefaultsAndAFreshSaltEachTime() {
        SecureRandom random = new SecureRandom();
        ScramVerifier first = ScramVerifier.of("secret", random);
        ScramVerifier second = ScramVerifier.of("secret", random);

        assertThat(first.salt()).hasSize(16);
        assertThat(first.iterations()).isEqualTo(4096);
        assertThat(first.salt()).isNotEqualTo(second.salt());
        assertThat(first.storedKey()).isNotEqualTo(second.storedKey());
    }

    @Test
    void matchesTheRfc5802FormulasComputedWithTheJdkAlone() throws GeneralSecurityException {
        ScramVerifier verifier = ScramVerifier.of("pencil", SALT, 4096);

        assertThat(verifier).isEqualTo(reference("pencil", SALT, 4096));
    }

    @Test
    void preparesPasswordsWithSaslprepLikePostgres() throws GeneralSecurityException {
        // U+00AD (soft hyphen) maps to nothing, U+00A0 (no-break space) to a space, "Ⅸ" (U+2168) NFKC to "IX".
        assertThat(ScramVerifier.of("pen\u00ADcil", SALT, 4096)).isEqualTo(reference("pencil", SALT, 4096));
        assertThat(ScramVerifier.of("pen\u00A0cil", SALT, 4096)).isEqualTo(reference("pen cil", SALT, 4096));
        assertThat(ScramVerifier.of("\u2168", SALT, 4096)).isEqualTo(reference("IX", SALT, 4096));
    }

    @Test
    void usesTheRawPasswordWhenSaslprepProhibitsItLikePostgres() throws GeneralSecurityException {
        // U+2028 (line separator) is prohibited by SASLprep; PostgreSQL then hashes the password as it is.
        assertThat(ScramVerifier.of("pen\u2028cil", SALT, 4096)).isEqualTo(reference("pen\u2028cil", SALT, 4096));
        assertThat(ScramVerifier.of("pen\u0007cil", SALT, 4096)).isEqualTo(reference("pen\u0007cil", SALT, 4096));
    }

    @Test
    void refusesPasswordsTheScramLibraryCannotPrepare() {
        assertThatThrownBy(() -> ScramVerifier.of("", new SecureRandom()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("password is empty");
        assertThatThrownBy(() -> ScramVerifier.of("\u00AD\u200B", new SecureRandom()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SASLprep removes")
                .hasMessageNotContaining("\u00AD");
    }

    @Test
    void copiesArraysInAndOut() {
        byte[] salt = SALT.clone();
        byte[] storedKey = new byte[32];
        byte[] serverKey = new byte[32];
        ScramVerifier verifier = new ScramVerifier(salt, 4096, storedKey, serverKey);

        salt[0]++;
        storedKey[0]++;
        serverKey[0]++;
        verifier.salt()[1]++;
        verifier.storedKey()[1]++;
        verifier.serverKey()[1]++;

        assertThat(verifier).isEqualTo(new ScramVerifier(SALT, 4096, new byte[32], new byte[32]));
        assertThat(verifier.storedKey()).containsOnly(0);
        assertThat(verifier.serverKey()).containsOnly(0);
    }

    @Test
    void toStringShowsNoKeyMaterial() {
        ScramVerifier verifier = ScramVerifier.of("pencil", SALT, 4096);

        String text = verifier.toString();

        assertThat(text).isEqualTo("ScramVerifier[iterations=4096, keys redacted]");
        for (byte[] secret : new byte[][] {verifier.storedKey(), verifier.serverKey()}) {
            assertThat(text)
                    .doesNotContain(Base64.getEncoder().encodeToString(secret))
                    .doesNotContain(HexFormat.of().formatHex(secret));
        }
    }

    @Test
    void rejectsKeysOfTheWrongShape() {
        assertThatThrownBy(() -> new ScramVerifier(new byte[0], 4096, new byte[32], new byte[32]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("salt is empty");
        assertThatThrownBy(() -> new ScramVerifier(SALT, 0, new byte[32], new byte[32]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("iterations must be at least 1, not 0");
        assertThatThrownBy(() -> new ScramVerifier(SALT, 4096, new byte[20], new byte[32]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> new ScramVerifier(null, 4096, new byte[32], new byte[32]))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("salt is null");
    }

    /** RFC 5802 section 3 spelled out with JDK primitives, independent of the SCRAM library. */
    private static ScramVerifier reference(String preparedPassword, byte[] salt, int iterations)
            throws GeneralSecurityException {
        // The JDK's PBKDF2 hashes the password's UTF-8 bytes, as PostgreSQL does.
        byte[] saltedPassword = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                .generateSecret(new PBEKeySpec(preparedPassword.toCharArray(), salt, iterations, 256))
                .getEncoded();
        byte[] clientKey = hmac(saltedPassword, "Client Key");
        byte[] storedKey = MessageDigest.getInstance("SHA-256").digest(clientKey);
        return new ScramVerifier(salt, iterations, storedKey, hmac(saltedPassword, "Server Key"));
    }

    private static byte[] hmac(byte[] key, String text) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(text.getBytes(US_ASCII));
    }
}
