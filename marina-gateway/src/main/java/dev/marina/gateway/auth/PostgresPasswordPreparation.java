package dev.marina.gateway.auth;

import static java.util.Objects.requireNonNull;

import com.ongres.scram.common.StringPreparation;

/**
 * How PostgreSQL turns a password into the characters SCRAM hashes: SASLprep when that succeeds, the raw password when
 * SASLprep rejects it (PostgreSQL does not require passwords to be UTF-8). Both sides of the gateway must agree with
 * the server and with each other, so both go through here.
 */
final class PostgresPasswordPreparation {

    static final StringPreparation PREPARATION = StringPreparation.POSTGRESQL_PREPARATION;

    private PostgresPasswordPreparation() {}

    /**
     * Returns the password's characters after checking the SCRAM library can prepare them. One case cannot: a password
     * made only of characters SASLprep maps to nothing (soft hyphens, zero-width spaces). PostgreSQL then hashes the
     * raw password, while the library refuses the empty result, so the client side could never log in with it;
     * refusing it up front gives the operator a message that says why.
     */
    static char[] checkedCharacters(String password) {
        requireNonNull(password, "password is null");
        if (password.isEmpty()) {
            // PostgreSQL itself refuses empty passwords ("empty string is not a valid password").
            throw new IllegalArgumentException("password is empty");
        }
        char[] characters = password.toCharArray();
        try {
            PREPARATION.normalize(characters);
        } catch (RuntimeException e) {
            // Broad on purpose: the stringprep library fails on an empty mapping result with an
            // ArrayIndexOutOfBoundsException rather than the IllegalArgumentException PostgreSQL's rule expects.
            throw new IllegalArgumentException(
                    "password consists only of characters SASLprep removes (such as soft hyphens or zero-width"
                            + " spaces); choose a password with other characters");
        }
        return characters;
    }
}
