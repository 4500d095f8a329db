package dev.marina.gateway.auth;

import static java.util.Objects.requireNonNull;

import com.ongres.scram.common.ScramFunctions;
import com.ongres.scram.common.ScramMechanism;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The server side of one SCRAM-SHA-256 exchange (RFC 5802, RFC 7677) with one client connection, as PostgreSQL 15
 * speaks it: the client proves it knows the password behind a {@link ScramVerifier}, and the server-final-message
 * proves to the client that the gateway knows it too.
 *
 * <p>The protocol handler passes the SASLInitialResponse's data to {@link #serverFirstMessage(String)} and the
 * SASLResponse's to {@link #serverFinalMessage(String)}, both decoded as UTF-8, and sends back what they return. Any
 * failure ends the exchange: a client gets one guess per exchange. Like PostgreSQL, the exchange ignores the user name
 * in the client-first-message (the startup message's user counts) and offers no channel binding
 * (SCRAM-SHA-256-PLUS). Not thread-safe: one exchange belongs to one connection's event loop.
 */
public final class ScramServerExchange {

    /** The SASL mechanism name the gateway offers in AuthenticationSASL. */
    public static final String MECHANISM = "SCRAM-SHA-256";

    /** As PostgreSQL's {@code SCRAM_RAW_NONCE_LEN}: 18 random bytes, 24 characters of base64. */
    private static final int SERVER_NONCE_BYTES = 18;

    private static final ScramMechanism SHA_256 = ScramMechanism.SCRAM_SHA_256;
    private static final int SHA_256_LENGTH = 32;

    private enum Stage {
        AWAITING_CLIENT_FIRST,
        AWAITING_CLIENT_FINAL,
        ENDED
    }

    private final ScramVerifier verifier;
    private final String serverNonce;
    private Stage stage = Stage.AWAITING_CLIENT_FIRST;

    // Kept from the first round for the second: both go into the AuthMessage the proofs sign.
    private char channelBindingFlag;
    private String clientFirstMessageBare;
    private String combinedNonce;
    private String serverFirstMessage;

    public ScramServerExchange(ScramVerifier verifier, SecureRandom random) {
        this(verifier, randomNonce(requireNonNull(random, "random is null")));
    }

    /** With a fixed server nonce, to reproduce test vectors. */
    ScramServerExchange(ScramVerifier verifier, String serverNonce) {
        this.verifier = requireNonNull(verifier, "verifier is null");
        this.serverNonce = requireNonNull(serverNonce, "serverNonce is null");
    }

    /**
     * Reads the client-first-message ({@code n,,n=user,r=nonce}) and answers the server-first-message
     * ({@code r=nonce,s=salt,i=iterations}).
     *
     * @throws AuthenticationFailedException if the message is malformed, asks for channel binding, an authorization
     *     identity or an extension, or comes at the wrong time
     */
    public String serverFirstMessage(String clientFirstMessage) throws AuthenticationFailedException {
        requireNonNull(clientFirstMessage, "clientFirstMessage is null");
        enter(Stage.AWAITING_CLIENT_FIRST, "the client-first-message was already received");
        ScramMessageReader reader = new ScramMessageReader(clientFirstMessage);

        channelBindingFlag = reader.next("a channel-binding flag");
        switch (channelBindingFlag) {
            // "y": the client could bind but thinks we cannot, which is true: we offer no -PLUS mechanism.
            case 'n', 'y' -> reader.expect(',', "\",\" after the channel-binding flag");
            case 'p' ->
                throw AuthenticationFailedException.malformed(
                        "the client requires channel binding, but the server offers only " + MECHANISM
                                + ", not SCRAM-SHA-256-PLUS");
            default -> throw AuthenticationFailedException.malformed("unexpected channel-binding flag");
        }
        if (reader.peek() == 'a') {
            throw AuthenticationFailedException.malformed("authorization identities are not supported");
        }
        reader.expect(',', "\",\" after the gs2-header");

        clientFirstMessageBare = reader.rest();
        if (reader.peek() == 'm') {
            throw AuthenticationFailedException.malformed("the client requires an unsupported SCRAM extension");
        }
        reader.attribute('n'); // ignored, as PostgreSQL does: the startup message names the user
        String clientNonce = reader.attribute('r');
        if (!isPrintable(clientNonce)) {
            throw AuthenticationFailedException.malformed("the client nonce is empty or not printable ASCII");
        }
        while (!reader.atEnd()) {
            reader.anyAttribute(); // optional extensions: PostgreSQL ignores them, so do we
        }

        combinedNonce = clientNonce + serverNonce;
        serverFirstMessage = "r=" + combinedNonce + ",s=" + base64(verifier.salt()) + ",i=" + verifier.iterations();
        stage = Stage.AWAITING_CLIENT_FINAL;
        return serverFirstMessage;
    }

    /**
     * Reads the client-final-message ({@code c=biws,r=nonce,p=proof}), checks the proof and answers the
     * server-final-message ({@code v=signature}). A returned message means the client is authenticated.
     *
     * @throws AuthenticationFailedException if the proof is wrong (the password is), the message is malformed, its
     *     channel binding or nonce does not match the first round, or it comes at the wrong time
     */
    public String serverFinalMessage(String clientFinalMessage) throws AuthenticationFailedException {
        requireNonNull(clientFinalMessage, "clientFinalMessage is null");
        enter(Stage.AWAITING_CLIENT_FINAL, "expected the client-first-message first");
        ScramMessageReader reader = new ScramMessageReader(clientFinalMessage);

        // Without channel binding, c= repeats the gs2-header ("n,," or "y,,") in base64.
        String channelBinding = reader.attribute('c');
        if (!channelBinding.equals(base64((channelBindingFlag + ",,").getBytes(StandardCharsets.US_ASCII)))) {
            throw AuthenticationFailedException.malformed(
                    "the channel-binding attribute does not match the client-first-message");
        }
        String nonce = reader.attribute('r');

        int proofStart;
        ScramMessageReader.Attribute attribute;
        do {
            proofStart = reader.position() - 1; // the comma before the attribute, which the AuthMessage leaves out
            attribute = reader.anyAttribute(); // extensions before the proof: PostgreSQL skips them, so do we
        } while (attribute.name() != 'p');
        byte[] proof = decodeProof(attribute.value());
        if (!reader.atEnd()) {
            throw AuthenticationFailedException.malformed("unexpected data after the proof");
        }
        if (!nonce.equals(combinedNonce)) {
            throw AuthenticationFailedException.malformed("the nonce does not match");
        }

        String authMessage = clientFirstMessageBare + "," + serverFirstMessage + "," + reader.prefix(proofStart);
        byte[] storedKey = verifier.storedKey();
        byte[] clientSignature = ScramFunctions.clientSignature(SHA_256, storedKey, authMessage);
        // The proof is ClientKey XOR ClientSignature, so the same XOR recovers the ClientKey it claims to know.
        byte[] clientKey = ScramFunctions.clientProof(proof, clientSignature);
        if (!MessageDigest.isEqual(ScramFunctions.hash(SHA_256, clientKey), storedKey)) {
            throw AuthenticationFailedException.wrongPassword();
        }
        return "v=" + base64(ScramFunctions.serverSignature(SHA_256, verifier.serverKey(), authMessage));
    }

    /**
     * Moves on only from the expected stage, and ends the exchange until the step succeeds: a failed or repeated step
     * leaves nothing to retry.
     */
    private void enter(Stage expected, String outOfOrder) throws AuthenticationFailedException {
        Stage current = stage;
        stage = Stage.ENDED;
        if (current != expected) {
            throw AuthenticationFailedException.malformed(
                    current == Stage.ENDED ? "the SCRAM exchange has already ended" : outOfOrder);
        }
    }

    private static byte[] decodeProof(String value) throws AuthenticationFailedException {
        byte[] proof;
        try {
            proof = Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw AuthenticationFailedException.malformed("the proof is not base64");
        }
        if (proof.length != SHA_256_LENGTH) {
            throw AuthenticationFailedException.malformed("the proof is not " + SHA_256_LENGTH + " bytes");
        }
        return proof;
    }

    /** RFC 5802's {@code printable}: ASCII from '!' to '~' except ','. */
    private static boolean isPrintable(String nonce) {
        return !nonce.isEmpty() && nonce.chars().allMatch(c -> c >= 0x21 && c <= 0x7E && c != ',');
    }

    private static String randomNonce(SecureRandom random) {
        byte[] bytes = new byte[SERVER_NONCE_BYTES];
        random.nextBytes(bytes);
        return base64(bytes);
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
