package dev.marina.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import org.assertj.core.api.AbstractThrowableAssert;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class ScramServerExchangeTest {

    private static final String CLIENT_FINAL_WITHOUT_PROOF =
            Rfc7677.CLIENT_FINAL.substring(0, Rfc7677.CLIENT_FINAL.indexOf(",p="));
    private static final String PROOF = Rfc7677.CLIENT_FINAL.substring(Rfc7677.CLIENT_FINAL.indexOf(",p="));

    @Test
    void reproducesTheRfc7677Exchange() throws AuthenticationFailedException {
        ScramServerExchange exchange = Rfc7677.serverExchange();

        assertThat(exchange.serverFirstMessage(Rfc7677.CLIENT_FIRST)).isEqualTo(Rfc7677.SERVER_FIRST);
        assertThat(exchange.serverFinalMessage(Rfc7677.CLIENT_FINAL)).isEqualTo(Rfc7677.SERVER_FINAL);
    }

    @Test
    void rejectsAWrongProof() throws AuthenticationFailedException {
        ScramServerExchange exchange = Rfc7677.serverExchange();
        exchange.serverFirstMessage(Rfc7677.CLIENT_FIRST);

        assertFails(() -> exchange.serverFinalMessage(
                        CLIENT_FINAL_WITHOUT_PROOF + ",p=eHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ="))
                .hasMessage("password authentication failed")
                .extracting("sqlState")
                .isEqualTo("28P01");
    }

    @Test
    void randomServerNoncesDiffer() throws AuthenticationFailedException {
        SecureRandom random = new SecureRandom();
        String first = new ScramServerExchange(Rfc7677.verifier(), random).serverFirstMessage(Rfc7677.CLIENT_FIRST);
        String second = new ScramServerExchange(Rfc7677.verifier(), random).serverFirstMessage(Rfc7677.CLIENT_FIRST);

        // The client nonce, then 18 random bytes in base64, as PostgreSQL does.
        assertThat(first).matches("r=" + Rfc7677.CLIENT_NONCE + "[A-Za-z0-9+/]{24},s=" + Rfc7677.SALT + ",i=4096");
        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void ignoresTheUserNameLikePostgres() throws AuthenticationFailedException {
        // libpq sends an empty user name, pgjdbc sends "*": the startup message's user is the one that counts.
        for (String userName : new String[] {"", "*", "someone=2Celse"}) {
            ScramServerExchange exchange = Rfc7677.serverExchange();
            exchange.serverFirstMessage("n,,n=" + userName + ",r=" + Rfc7677.CLIENT_NONCE);
            // The user name is part of the signed AuthMessage, so the RFC's proof no longer matches; only the parse
            // is under test here.
            assertFails(() -> exchange.serverFinalMessage(Rfc7677.CLIENT_FINAL))
                    .extracting("sqlState")
                    .isEqualTo("28P01");
        }
    }

    @Test
    void acceptsAClientThatCouldBindButThinksWeCannot() throws AuthenticationFailedException {
        ScramServerExchange exchange = Rfc7677.serverExchange();
        exchange.serverFirstMessage("y,," + Rfc7677.CLIENT_FIRST.substring(3));

        // c= must then repeat "y,," (eSws), not "n,," (biws).
        assertFails(() -> exchange.serverFinalMessage(Rfc7677.CLIENT_FINAL))
                .hasMessageContaining("channel-binding attribute does not match");
    }

    @Test
    void rejectsChannelBindingItDoesNotOffer() {
        assertFails(() -> Rfc7677.serverExchange()
                        .serverFirstMessage("p=tls-server-end-point,,n=,r=" + Rfc7677.CLIENT_NONCE))
                .hasMessageContaining("requires channel binding")
                .hasMessageContaining("not SCRAM-SHA-256-PLUS")
                .extracting("sqlState")
                .isEqualTo("08P01");
    }

    @Test
    void rejectsWhatPostgresRejectsInTheFirstMessage() {
        assertFails(() -> Rfc7677.serverExchange().serverFirstMessage("n,a=admin,n=,r=abc"))
                .hasMessageContaining("authorization identities are not supported");
        assertFails(() -> Rfc7677.serverExchange().serverFirstMessage("n,,m=ext,n=,r=abc"))
                .hasMessageContaining("unsupported SCRAM extension");
        assertFails(() -> Rfc7677.serverExchange().serverFirstMessage("x,,n=,r=abc"))
                .hasMessageContaining("unexpected channel-binding flag");
        assertFails(() -> Rfc7677.serverExchange().serverFirstMessage("n,,n=,r="))
                .hasMessageContaining("nonce is empty or not printable");
        assertFails(() -> Rfc7677.serverExchange().serverFirstMessage("n,,n=,r=caf\u00E9"))
                .hasMessageContaining("nonce is empty or not printable");
        assertFails(() -> Rfc7677.serverExchange().serverFirstMessage("n,,r=abc"))
                .hasMessageContaining("expected attribute \"n\"");
        assertFails(() -> Rfc7677.serverExchange().serverFirstMessage("n,,n=,r=abc,1=x"))
                .hasMessageContaining("expected an attribute name");
        assertFails(() -> Rfc7677.serverExchange().serverFirstMessage("n,,n=,r=ab\0c"))
                .hasMessageContaining("NUL");
    }

    @Test
    void skipsExtensionsLikePostgres() throws AuthenticationFailedException {
        ScramServerExchange exchange = Rfc7677.serverExchange();

        assertThat(exchange.serverFirstMessage(Rfc7677.CLIENT_FIRST + ",x=whatever,y="))
                .isEqualTo(Rfc7677.SERVER_FIRST);
    }

    @Test
    void rejectsWhatPostgresRejectsInTheFinalMessage() throws AuthenticationFailedException {
        String nonce = ",r=" + Rfc7677.CLIENT_NONCE + Rfc7677.SERVER_NONCE;
        assertFinalFails("c=biws,r=" + Rfc7677.CLIENT_NONCE + "wrong" + PROOF, "the nonce does not match");
        assertFinalFails("c=eSws" + nonce + PROOF, "channel-binding attribute does not match");
        assertFinalFails("r=x,c=biws" + PROOF, "expected attribute \"c\"");
        assertFinalFails("c=biws" + nonce, "expected an attribute but found the end of the message");
        assertFinalFails("c=biws" + nonce + ",p=not*base64", "the proof is not base64");
        assertFinalFails("c=biws" + nonce + ",p=AAAA", "the proof is not 32 bytes");
        assertFinalFails(Rfc7677.CLIENT_FINAL + ",x=after", "unexpected data after the proof");
    }

    @Test
    void refusesCallsOutOfOrder() throws AuthenticationFailedException {
        assertFails(() -> Rfc7677.serverExchange().serverFinalMessage(Rfc7677.CLIENT_FINAL))
                .hasMessageContaining("expected the client-first-message first");

        ScramServerExchange twice = Rfc7677.serverExchange();
        twice.serverFirstMessage(Rfc7677.CLIENT_FIRST);
        assertFails(() -> twice.serverFirstMessage(Rfc7677.CLIENT_FIRST)).hasMessageContaining("already received");

        ScramServerExchange finished = Rfc7677.serverExchange();
        finished.serverFirstMessage(Rfc7677.CLIENT_FIRST);
        finished.serverFinalMessage(Rfc7677.CLIENT_FINAL);
        assertFails(() -> finished.serverFinalMessage(Rfc7677.CLIENT_FINAL)).hasMessageContaining("already ended");
    }

    @Test
    void givesOneGuessPerExchange() throws AuthenticationFailedException {
        ScramServerExchange exchange = Rfc7677.serverExchange();
        exchange.serverFirstMessage(Rfc7677.CLIENT_FIRST);
        assertFails(() -> exchange.serverFinalMessage(
                CLIENT_FINAL_WITHOUT_PROOF + ",p=eHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ="));

        assertFails(() -> exchange.serverFinalMessage(Rfc7677.CLIENT_FINAL)).hasMessageContaining("already ended");
    }

    private static void assertFinalFails(String clientFinalMessage, String expectedMessage)
            throws AuthenticationFailedException {
        ScramServerExchange exchange = Rfc7677.serverExchange();
        exchange.serverFirstMessage(Rfc7677.CLIENT_FIRST);
        assertFails(() -> exchange.serverFinalMessage(clientFinalMessage)).hasMessageContaining(expectedMessage);
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertFails(ThrowingCallable call) {
        return assertThatThrownBy(call).isInstanceOf(AuthenticationFailedException.class);
    }
}
