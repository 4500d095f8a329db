package dev.marina.gateway.auth;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.ongres.scram.common.ScramFunctions;
import com.ongres.scram.common.ScramMechanism;
import com.ongres.scram.common.StringPreparation;
import java.lang.reflect.Field;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SaltedPasswordsTest {

    /** The bound SaltedPasswords keeps its map under (its MAXIMUM_ENTRIES). */
    private static final int MAXIMUM_ENTRIES = 256;

    private static final String OTHER_SALT = Base64.getEncoder().encodeToString("another salt 16b".getBytes(US_ASCII));

    private final SaltedPasswords saltedPasswords = new SaltedPasswords();

    @Test
    void derivesWhatScramFunctionsDerivesAndWhatRfc7677Proves() throws GeneralSecurityException {
        byte[] saltedPassword = saltedPasswords.of(Rfc7677.PASSWORD, Rfc7677.SALT, Rfc7677.ITERATIONS);

        assertThat(saltedPassword).isEqualTo(direct(Rfc7677.PASSWORD, Rfc7677.SALT, Rfc7677.ITERATIONS));
        // The RFC gives no salted password, only the proof and signature computed from it (RFC 5802 section 3).
        String clientFinalWithoutProof = Rfc7677.CLIENT_FINAL.substring(0, Rfc7677.CLIENT_FINAL.indexOf(",p="));
        byte[] authMessage = (Rfc7677.CLIENT_FIRST.substring("n,,".length()) + "," + Rfc7677.SERVER_FIRST + ","
                        + clientFinalWithoutProof)
                .getBytes(US_ASCII);
        byte[] clientKey = hmac(saltedPassword, "Client Key".getBytes(US_ASCII));
        byte[] clientSignature = hmac(MessageDigest.getInstance("SHA-256").digest(clientKey), authMessage);
        byte[] clientProof = new byte[clientKey.length];
        for (int index = 0; index < clientProof.length; index++) {
            clientProof[index] = (byte) (clientKey[index] ^ clientSignature[index]);
        }
        byte[] serverSignature = hmac(hmac(saltedPassword, "Server Key".getBytes(US_ASCII)), authMessage);
        assertThat("p=" + Base64.getEncoder().encodeToString(clientProof))
                .isEqualTo(Rfc7677.CLIENT_FINAL.substring(Rfc7677.CLIENT_FINAL.indexOf(",p=") + 1));
        assertThat("v=" + Base64.getEncoder().encodeToString(serverSignature)).isEqualTo(Rfc7677.SERVER_FINAL);
    }

    @Test
    void preparesThePasswordLikePostgres() {
        // SASLprep maps U+00AD (soft hyphen) to nothing, as the server does before hashing.
        assertThat(saltedPasswords.of("pen\u00ADcil", Rfc7677.SALT, Rfc7677.ITERATIONS))
                .isEqualTo(direct(Rfc7677.PASSWORD, Rfc7677.SALT, Rfc7677.ITERATIONS));
    }

    @Test
    void answersAgainWithAnEqualArrayOfItsOwn() {
        byte[] expected = direct(Rfc7677.PASSWORD, Rfc7677.SALT, Rfc7677.ITERATIONS);
        byte[] first = saltedPasswords.of(Rfc7677.PASSWORD, Rfc7677.SALT, Rfc7677.ITERATIONS);
        byte[] second = saltedPasswords.of(Rfc7677.PASSWORD, Rfc7677.SALT, Rfc7677.ITERATIONS);

        assertThat(second).isEqualTo(first).isEqualTo(expected).isNotSameAs(first);

        // Callers wipe or reuse what they get: neither the first answer (stored when derived) nor a later one may be
        // the kept array.
        Arrays.fill(first, (byte) 0);
        second[0]++;
        byte[] third = saltedPasswords.of(Rfc7677.PASSWORD, Rfc7677.SALT, Rfc7677.ITERATIONS);
        assertThat(third).isEqualTo(expected).isNotSameAs(first).isNotSameAs(second);
    }

    @Test
    void tellsSaltIterationCountAndPasswordApart() {
        byte[] rfc = saltedPasswords.of(Rfc7677.PASSWORD, Rfc7677.SALT, Rfc7677.ITERATIONS);
        byte[] otherSalt = saltedPasswords.of(Rfc7677.PASSWORD, OTHER_SALT, Rfc7677.ITERATIONS);
        byte[] otherIterations = saltedPasswords.of(Rfc7677.PASSWORD, Rfc7677.SALT, Rfc7677.ITERATIONS + 1);
        byte[] otherPassword = saltedPasswords.of("pencil2", Rfc7677.SALT, Rfc7677.ITERATIONS);

        assertThat(otherSalt)
                .isEqualTo(direct(Rfc7677.PASSWORD, OTHER_SALT, Rfc7677.ITERATIONS))
                .isNotEqualTo(rfc);
        assertThat(otherIterations)
                .isEqualTo(direct(Rfc7677.PASSWORD, Rfc7677.SALT, Rfc7677.ITERATIONS + 1))
                .isNotEqualTo(rfc)
                .isNotEqualTo(otherSalt);
        assertThat(otherPassword)
                .isEqualTo(direct("pencil2", Rfc7677.SALT, Rfc7677.ITERATIONS))
                .isNotEqualTo(rfc)
                .isNotEqualTo(otherSalt)
                .isNotEqualTo(otherIterations);
        assertThat(saltedPasswords.of(Rfc7677.PASSWORD, Rfc7677.SALT, Rfc7677.ITERATIONS))
                .isEqualTo(rfc);
    }

    // A space, the URL-safe alphabet and punctuation: what a lenient (MIME) decoder would skip over.
    @ParameterizedTest
    @ValueSource(strings = {"not base64!", "W22ZaJ0S NY7soEsUEjb6gQ==", "W22ZaJ0SNY7soEsUEjb6gQ-_", "a"})
    void refusesASaltThatIsNotBase64(String salt) {
        assertThatThrownBy(() -> saltedPasswords.of(Rfc7677.PASSWORD, salt, Rfc7677.ITERATIONS))
                .isInstanceOf(IllegalArgumentException.class);

        assertThat(saltedPasswords.of(Rfc7677.PASSWORD, Rfc7677.SALT, Rfc7677.ITERATIONS))
                .isEqualTo(direct(Rfc7677.PASSWORD, Rfc7677.SALT, Rfc7677.ITERATIONS));
    }

    @Test
    void staysBoundedAndRightPastItsMaximumEntries() throws ReflectiveOperationException {
        // One iteration keeps a thousand derivations cheap; the count is part of the key like any other.
        int salts = 4 * MAXIMUM_ENTRIES + 1;
        for (int round = 0; round < 2; round++) {
            for (int index = 0; index < salts; index++) {
                String salt = salt(index);
                assertThat(saltedPasswords.of(Rfc7677.PASSWORD, salt, 1))
                        .as("salt %d, round %d", index, round)
                        .isEqualTo(direct(Rfc7677.PASSWORD, salt, 1));
            }
            assertThat(keptEntries()).isBetween(1, MAXIMUM_ENTRIES);
        }
    }

    private static String salt(int index) {
        return Base64.getEncoder().encodeToString(("salt-" + index).getBytes(US_ASCII));
    }

    /** The size of the private map: how much memory is kept cannot be seen through the class's one method. */
    private int keptEntries() throws ReflectiveOperationException {
        for (Field field : SaltedPasswords.class.getDeclaredFields()) {
            if (Map.class.isAssignableFrom(field.getType())) {
                field.setAccessible(true);
                return ((Map<?, ?>) field.get(saltedPasswords)).size();
            }
        }
        throw new AssertionError("SaltedPasswords keeps no Map any more: update this test");
    }

    private static byte[] direct(String password, String salt, int iterations) {
        return ScramFunctions.saltedPassword(
                ScramMechanism.SCRAM_SHA_256,
                StringPreparation.POSTGRESQL_PREPARATION,
                password.toCharArray(),
                Base64.getDecoder().decode(salt),
                iterations);
    }

    private static byte[] hmac(byte[] key, byte[] message) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(message);
    }
}
