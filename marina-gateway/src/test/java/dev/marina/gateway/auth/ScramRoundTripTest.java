package dev.marina.gateway.auth;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

/** The gateway's two sides against each other, as a client would meet the gateway and the gateway PostgreSQL. */
class ScramRoundTripTest {

    private final SecureRandom random = new SecureRandom();

    @Test
    void theRightPasswordAuthenticatesBothWays() throws AuthenticationFailedException {
        authenticate("correct horse battery staple", "correct horse battery staple");
    }

    @Test
    void passwordsThatSaslprepMakesEqualAuthenticate() throws AuthenticationFailedException {
        // The soft hyphen maps to nothing on both sides, as in PostgreSQL and libpq.
        authenticate("pass\u00ADword", "password");
    }

    @Test
    void aWrongPasswordIsRejectedByTheServer() {
        assertThatThrownBy(() -> authenticate("wrong", "correct horse battery staple"))
                .isInstanceOf(AuthenticationFailedException.class)
                .hasMessage("password authentication failed")
                .extracting("sqlState")
                .isEqualTo("28P01");
    }

    private void authenticate(String clientPassword, String serverPassword) throws AuthenticationFailedException {
        ScramClientExchange client = new ScramClientExchange(clientPassword, random);
        ScramServerExchange server = new ScramServerExchange(ScramVerifier.of(serverPassword, random), random);

        String serverFirst = server.serverFirstMessage(client.clientFirstMessage());
        String serverFinal = server.serverFinalMessage(client.clientFinalMessage(serverFirst));
        client.verifyServerFinal(serverFinal);
    }
}
