package dev.marina.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class ScramClientExchangeTest {

    @Test
    void reproducesTheRfc7677Exchange() throws AuthenticationFailedException {
        ScramClientExchange exchange = Rfc7677.clientExchange();

        assertThat(exchange.clientFirstMessage()).isEqualTo(Rfc7677.CLIENT_FIRST);
        assertThat(exchange.clientFinalMessage(Rfc7677.SERVER_FIRST)).isEqualTo(Rfc7677.CLIENT_FINAL);
        exchange.verifyServerFinal(Rfc7677.SERVER_FINAL);
    }

    @Test
    void sendsTheUserNamePgjdbcSends() throws AuthenticationFailedException {
        String first = new ScramClientExchange("pencil", new SecureRandom()).clientFirstMessage();

        assertThat(first).matches("n,,n=\\*,r=[!-+\\--~]{24}");
    }

    @Test
    void rejectsATamperedServerSignature() throws AuthenticationFailedException {
        ScramClientExchange exchange = started();

        assertThatThrownBy(() -> exchange.verifyServerFinal("v=7rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="))
                .isInstanceOf(AuthenticationFailedException.class)
                .hasMessageContaining("server signature is wrong")
                .extracting("sqlState")
                .isEqualTo("28000");
    }

    @Test
    void rejectsAServerError() throws AuthenticationFailedException {
        ScramClientExchange exchange = started();

        assertThatThrownBy(() -> exchange.verifyServerFinal("e=invalid-proof"))
                .isInstanceOf(AuthenticationFailedException.class)
                .hasMessageContaining("refused");
    }

    @Test
    void rejectsAServerNonceThatDoesNotExtendOurs() throws AuthenticationFailedException {
        ScramClientExchange exchange = Rfc7677.clientExchange();
        exchange.clientFirstMessage();

        assertThatThrownBy(() -> exchange.clientFinalMessage(Rfc7677.SERVER_FIRST.replace("r=rOpr", "r=xOpr")))
                .isInstanceOf(AuthenticationFailedException.class)
                .hasMessageContaining("invalid SCRAM server-first-message");
    }

    @Test
    void refusesCallsOutOfOrder() throws AuthenticationFailedException {
        assertThatThrownBy(() -> Rfc7677.clientExchange().clientFinalMessage(Rfc7677.SERVER_FIRST))
                .isInstanceOf(AuthenticationFailedException.class)
                .hasMessageContaining("out of order");
        assertThatThrownBy(() -> Rfc7677.clientExchange().verifyServerFinal(Rfc7677.SERVER_FINAL))
                .isInstanceOf(AuthenticationFailedException.class)
                .hasMessageContaining("out of order");

        ScramClientExchange twice = Rfc7677.clientExchange();
        twice.clientFirstMessage();
        assertThatThrownBy(twice::clientFirstMessage)
                .isInstanceOf(AuthenticationFailedException.class)
                .hasMessageContaining("out of order");
    }

    @Test
    void endsAtTheFirstFailure() throws AuthenticationFailedException {
        ScramClientExchange exchange = started();
        assertThatThrownBy(() -> exchange.verifyServerFinal("v=AAAA"))
                .isInstanceOf(AuthenticationFailedException.class);

        // The library would accept a second try; a failed login must not get one.
        assertThatThrownBy(() -> exchange.verifyServerFinal(Rfc7677.SERVER_FINAL))
                .isInstanceOf(AuthenticationFailedException.class)
                .hasMessageContaining("already failed");
    }

    @Test
    void refusesPasswordsItCannotPrepare() {
        assertThatThrownBy(() -> new ScramClientExchange("", new SecureRandom()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("password is empty");
    }

    private static ScramClientExchange started() throws AuthenticationFailedException {
        ScramClientExchange exchange = Rfc7677.clientExchange();
        exchange.clientFirstMessage();
        exchange.clientFinalMessage(Rfc7677.SERVER_FIRST);
        return exchange;
    }
}
