package dev.marina.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Throws garbage and near-misses at both sides of the exchange: whatever the peer sends, the only failure is an
 * {@link AuthenticationFailedException} with a message that does not echo the input.
 */
class ScramGarbageInputTest {

    /** Fixed, so a failure can be reproduced; the count keeps the whole run well under a second per side. */
    private static final long SEED = 5802;

    private static final int RANDOM_MESSAGES = 3000;

    private static final ScramVerifier CHEAP_VERIFIER =
            ScramVerifier.of(Rfc7677.PASSWORD, Base64.getDecoder().decode(Rfc7677.SALT), 1);

    @Test
    void serverFirstStepSurvivesGarbage() {
        for (String garbage : garbage(Rfc7677.CLIENT_FIRST)) {
            survives(garbage, () -> serverExchange().serverFirstMessage(garbage));
        }
    }

    @Test
    void serverFinalStepSurvivesGarbage() throws AuthenticationFailedException {
        for (String garbage : garbage(validClientFinal())) {
            survives(garbage, () -> {
                ScramServerExchange exchange = serverExchange();
                exchange.serverFirstMessage(Rfc7677.CLIENT_FIRST);
                exchange.serverFinalMessage(garbage);
            });
        }
    }

    @Test
    void clientFinalStepSurvivesGarbage() throws AuthenticationFailedException {
        for (String garbage : garbage(serverExchange().serverFirstMessage(Rfc7677.CLIENT_FIRST))) {
            survives(garbage, () -> {
                ScramClientExchange exchange = Rfc7677.clientExchange();
                exchange.clientFirstMessage();
                exchange.clientFinalMessage(garbage);
            });
        }
    }

    @Test
    void clientVerificationSurvivesGarbage() throws AuthenticationFailedException {
        ScramServerExchange server = serverExchange();
        ScramClientExchange client = Rfc7677.clientExchange();
        String serverFirst = server.serverFirstMessage(client.clientFirstMessage());
        String validServerFinal = server.serverFinalMessage(client.clientFinalMessage(serverFirst));

        for (String garbage : garbage(validServerFinal)) {
            survives(garbage, () -> {
                ScramClientExchange exchange = Rfc7677.clientExchange();
                exchange.clientFirstMessage();
                exchange.clientFinalMessage(serverFirst);
                exchange.verifyServerFinal(garbage);
            });
        }
    }

    /** The RFC 7677 exchange with one PBKDF2 iteration, so that thousands of client steps stay fast. */
    private static ScramServerExchange serverExchange() {
        return new ScramServerExchange(CHEAP_VERIFIER, Rfc7677.SERVER_NONCE);
    }

    private static String validClientFinal() throws AuthenticationFailedException {
        ScramClientExchange client = Rfc7677.clientExchange();
        client.clientFirstMessage();
        return client.clientFinalMessage(serverExchange().serverFirstMessage(Rfc7677.CLIENT_FIRST));
    }

    private interface Step {
        void run() throws AuthenticationFailedException;
    }

    private static void survives(String garbage, Step step) {
        try {
            step.run();
        } catch (AuthenticationFailedException e) {
            if (garbage.length() > 3) {
                assertThat(e.getMessage()).as("message for %s", garbage).doesNotContain(garbage);
            }
        } catch (RuntimeException e) {
            fail("input \"%s\" made the exchange throw %s".formatted(garbage, e), e);
        }
    }

    /** Every prefix and one-character change of a valid message, then random strings over SCRAM's alphabet. */
    private static List<String> garbage(String valid) {
        List<String> messages = new ArrayList<>();
        String alphabet = ",=nyparcsivem0123456789+/AZaz \0\u00E9\u2028\uD800";
        for (int end = 0; end < valid.length(); end++) {
            messages.add(valid.substring(0, end));
            for (int i = 0; i < alphabet.length(); i++) {
                messages.add(valid.substring(0, end) + alphabet.charAt(i) + valid.substring(end + 1));
            }
        }
        Random random = new Random(SEED);
        for (int count = 0; count < RANDOM_MESSAGES; count++) {
            StringBuilder message = new StringBuilder();
            int length = random.nextInt(60);
            for (int i = 0; i < length; i++) {
                message.append(
                        random.nextInt(4) == 0
                                ? (char) random.nextInt(Character.MAX_VALUE + 1)
                                : alphabet.charAt(random.nextInt(alphabet.length())));
            }
            messages.add(message.toString());
        }
        return messages;
    }
}
