package dev.marina.gateway.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StatementNamesTest {

    private static byte[] body(String sql) {
        return (sql + "\0\0\0").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void clientsPreparingTheSameStatementShareOneName() {
        StatementNames names = new StatementNames();

        String first = names.acquire(body("SELECT 1"));
        String second = names.acquire(body("SELECT 1"));
        String other = names.acquire(body("SELECT 2"));

        assertThat(second).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
        assertThat(names.size()).isEqualTo(2);
    }

    @Test
    void aNameIsForgottenWithItsLastHolderAndNeverGivenAgain() {
        StatementNames names = new StatementNames();
        String first = names.acquire(body("SELECT 1"));
        names.acquire(body("SELECT 1"));

        names.release(body("SELECT 1"));
        assertThat(names.size()).isEqualTo(1);
        names.release(body("SELECT 1"));
        assertThat(names.size()).isZero();

        // A server connection may still hold the old name: the same text gets a new one.
        assertThat(names.acquire(body("SELECT 1"))).isNotEqualTo(first);
    }

    @Test
    void aClientReplacingOrDroppingItsStatementsLetsGoOfTheirNames() {
        StatementNames names = new StatementNames();
        ClientStatements client = new ClientStatements(names);
        client.prepare("s1", body("SELECT 1"), "SELECT 1");
        client.prepare("s2", body("SELECT 2"), "SELECT 2");

        client.prepare("s1", body("SELECT 3"), "SELECT 3");
        assertThat(names.size()).isEqualTo(2);
        assertThat(client.remove("s2")).isNotNull();
        assertThat(client.remove("s2")).isNull();
        assertThat(names.size()).isEqualTo(1);
        client.clear();
        assertThat(names.size()).isZero();
    }
}
