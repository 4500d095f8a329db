package dev.marina.testkit.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class FailedAttemptTest {

    @Test
    void describesTheFailureByItsTypeAndFirstLine() {
        FailedAttempt failure =
                FailedAttempt.of(3, 42, new SQLException("FATAL: the database system is shutting down\n  Where: x"));

        assertThat(failure)
                .isEqualTo(new FailedAttempt(3, 42, "SQLException: FATAL: the database system is shutting down"));
    }

    @Test
    void keepsLongMessagesShort() {
        FailedAttempt failure = FailedAttempt.of(3, 42, new IOException("x".repeat(1000)));

        assertThat(failure.error()).hasSize(203).startsWith("IOException: xxx").endsWith("x...");
    }

    @Test
    void namesAFailureWithoutMessageByItsType() {
        assertThat(FailedAttempt.of(3, 42, new IllegalStateException()).error()).isEqualTo("IllegalStateException");
    }
}
