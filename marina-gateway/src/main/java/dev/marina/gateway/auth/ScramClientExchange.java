package dev.marina.gateway.auth;

import static java.util.Objects.requireNonNull;

import com.ongres.scram.client.ScramClient;
import com.ongres.scram.common.ScramFunctions;
import com.ongres.scram.common.exception.ScramException;
import com.ongres.scram.common.exception.ScramInvalidServerSignatureException;
import com.ongres.scram.common.exception.ScramServerErrorException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;

/**
 * The client side of one SCRAM-SHA-256 exchange: the gateway logging in to PostgreSQL with the password from its
 * config. A thin wrapper over the ongres SCRAM client (the one pgjdbc uses), set up the way pgjdbc sets it up, that
 * turns every failure into an {@link AuthenticationFailedException}.
 *
 * <p>The protocol handler sends {@link #clientFirstMessage()} in a SASLInitialResponse, feeds the
 * AuthenticationSASLContinue data to {@link #clientFinalMessage(String)} and sends the result in a SASLResponse, then
 * checks the AuthenticationSASLFinal data with {@link #verifyServerFinal(String)} before trusting the connection. Not
 * thread-safe, and good for one exchange.
 *
 * <p>With {@link SaltedPasswords}, the proof for a salt seen before starts from the kept salted password: the library
 * takes either the password or the salted password when the client is built, before the salt is known, so a second
 * client is built with the same nonce once the server-first-message names the salt.
 */
public final class ScramClientExchange {

    /** PostgreSQL ignores the SCRAM user name in favour of the startup message's; pgjdbc sends "*", and so do we. */
    private static final String IGNORED_USER_NAME = "*";

    /** The ongres client's default nonce length. */
    private static final int CLIENT_NONCE_LENGTH = 24;

    private final String userName;
    private final String clientNonce;
    private final String password;
    private final SaltedPasswords saltedPasswords;
    private ScramClient client;
    private boolean firstSent;
    private boolean keyed;
    private boolean failed;

    public ScramClientExchange(String password, SecureRandom random) {
        this(password, random, null);
    }

    /**
     * @param saltedPasswords where salted passwords derived before are kept, so that a login with a salt seen before
     *     skips PBKDF2; null to derive every time
     */
    public ScramClientExchange(String password, SecureRandom random, SaltedPasswords saltedPasswords) {
        this(
                IGNORED_USER_NAME,
                password,
                ScramFunctions.nonce(CLIENT_NONCE_LENGTH, requireNonNull(random, "random is null")),
                saltedPasswords);
    }

    /** With a fixed user name and client nonce, to reproduce test vectors. */
    ScramClientExchange(String userName, String password, String clientNonce) {
        this(userName, password, clientNonce, null);
    }

    private ScramClientExchange(String userName, String password, String clientNonce, SaltedPasswords saltedPasswords) {
        this.userName = requireNonNull(userName, "userName is null");
        this.clientNonce = requireNonNull(clientNonce, "clientNonce is null");
        this.saltedPasswords = saltedPasswords;
        char[] characters = PostgresPasswordPreparation.checkedCharacters(password);
        this.password = saltedPasswords == null ? null : password;
        client = builder()
                .password(characters)
                .stringPreparation(PostgresPasswordPreparation.PREPARATION)
                .nonceSupplier(() -> clientNonce)
                .build();
        Arrays.fill(characters, '\0'); // the client keeps its own copy, and clears that once it has used it
    }

    private ScramClient.PasswordBuildStage builder() {
        return ScramClient.builder()
                .advertisedMechanisms(List.of(ScramServerExchange.MECHANISM))
                .username(userName);
    }

    /**
     * A client that starts from the salted password kept for this server-first-message's salt, brought to the same
     * point as the first one: the same client-first-message, as the nonce is the same.
     */
    private ScramClient fromSaltedPassword(String serverFirstMessage) throws AuthenticationFailedException {
        ScramMessageReader reader = new ScramMessageReader(serverFirstMessage);
        reader.attribute('r');
        String salt = reader.attribute('s');
        int iterations = Integer.parseInt(reader.attribute('i'));
        ScramClient keyed = builder()
                .saltedPassword(saltedPasswords.of(password, salt, iterations))
                .stringPreparation(PostgresPasswordPreparation.PREPARATION)
                .nonceSupplier(() -> clientNonce)
                .build();
        keyed.clientFirstMessage();
        return keyed;
    }

    /** The client-first-message ({@code n,,n=*,r=nonce}), once, before anything else. */
    public String clientFirstMessage() throws AuthenticationFailedException {
        checkNotFailed();
        try {
            String first = client.clientFirstMessage().toString();
            firstSent = true;
            return first;
        } catch (IllegalStateException e) {
            throw failure(outOfOrder());
        }
    }

    /**
     * Reads the server-first-message ({@code r=nonce,s=salt,i=iterations}) and answers the client-final-message with
     * the proof.
     *
     * @throws AuthenticationFailedException if the message is malformed, its nonce does not extend ours, or it comes at
     *     the wrong time
     */
    public String clientFinalMessage(String serverFirstMessage) throws AuthenticationFailedException {
        requireNonNull(serverFirstMessage, "serverFirstMessage is null");
        checkNotFailed();
        try {
            checkShape(serverFirstMessage);
            // Only in order and once: otherwise the first client's own checks answer.
            if (saltedPasswords != null && firstSent && !keyed) {
                client = fromSaltedPassword(serverFirstMessage);
                keyed = true;
            }
            client.serverFirstMessage(serverFirstMessage);
            return client.clientFinalMessage().toString();
        } catch (ScramException | IllegalArgumentException | AuthenticationFailedException e) {
            throw failure(AuthenticationFailedException.serverNotAuthenticated(
                    "PostgreSQL sent an invalid SCRAM server-first-message", e));
        } catch (IllegalStateException e) {
            throw failure(outOfOrder());
        }
    }

    /**
     * Checks the server-final-message ({@code v=signature}): only a server that knows the password can sign it.
     *
     * @throws AuthenticationFailedException if the signature is wrong, the server sent an error ({@code e=...}), the
     *     message is malformed, or it comes at the wrong time
     */
    public void verifyServerFinal(String serverFinalMessage) throws AuthenticationFailedException {
        requireNonNull(serverFinalMessage, "serverFinalMessage is null");
        checkNotFailed();
        try {
            client.serverFinalMessage(serverFinalMessage);
        } catch (ScramInvalidServerSignatureException e) {
            throw failure(AuthenticationFailedException.serverNotAuthenticated(
                    "PostgreSQL's SCRAM server signature is wrong: the server does not know the password", e));
        } catch (ScramServerErrorException e) {
            throw failure(AuthenticationFailedException.serverNotAuthenticated(
                    "PostgreSQL refused the gateway's SCRAM authentication", e));
        } catch (ScramException | IllegalArgumentException e) {
            throw failure(AuthenticationFailedException.serverNotAuthenticated(
                    "PostgreSQL sent an invalid SCRAM server-final-message", e));
        } catch (IllegalStateException e) {
            throw failure(outOfOrder());
        }
    }

    /** The library lets a failed step be retried; a failed login should not be, so the first failure ends it. */
    private void checkNotFailed() throws AuthenticationFailedException {
        if (failed) {
            throw AuthenticationFailedException.malformed("the SCRAM exchange has already failed");
        }
    }

    private AuthenticationFailedException failure(AuthenticationFailedException exception) {
        failed = true;
        return exception;
    }

    /**
     * Checks for the three attributes libpq requires and nothing after them, before the library parses the message:
     * its parser fails on a missing attribute with a NullPointerException or an AssertionError instead of an
     * exception we could map.
     */
    private static void checkShape(String serverFirstMessage) throws AuthenticationFailedException {
        ScramMessageReader reader = new ScramMessageReader(serverFirstMessage);
        reader.attribute('r');
        reader.attribute('s');
        reader.attribute('i');
        if (!reader.atEnd()) {
            throw AuthenticationFailedException.malformed("unexpected data after the iteration count");
        }
    }

    private static AuthenticationFailedException outOfOrder() {
        return AuthenticationFailedException.malformed("SCRAM client steps called out of order");
    }
}
