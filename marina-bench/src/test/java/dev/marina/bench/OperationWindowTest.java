package dev.marina.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.marina.testkit.chaos.Ack;
import dev.marina.testkit.chaos.FailedAttempt;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OperationWindowTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void theLongestPauseIsBetweenAcknowledgementsInsideTheWindow() {
        OperationWindow window = new OperationWindow(10 * SECOND, 20 * SECOND);

        // Out of order, as writers record them; the ones outside the window do not shorten a pause inside it.
        List<Ack> acks = List.of(
                ack(1, 16 * SECOND), ack(2, 11 * SECOND), ack(3, 19 * SECOND), ack(4, 5 * SECOND), ack(5, 25 * SECOND));

        assertThat(window.longestPause(acks)).isEqualTo(new OperationWindow.Pause(11 * SECOND, 16 * SECOND));
        assertThat(window.acknowledged(acks)).isEqualTo(3);
    }

    @Test
    void theEdgesOfTheWindowEndAPause() {
        OperationWindow window = new OperationWindow(10 * SECOND, 20 * SECOND);

        assertThat(window.longestPause(List.of(ack(1, 13 * SECOND), ack(2, 14 * SECOND)))
                        .seconds())
                .as("from the last acknowledgement to the end")
                .isCloseTo(6.0, within(1e-9));
        assertThat(window.longestPause(List.of(ack(1, 17 * SECOND))).seconds())
                .as("from the start to the first acknowledgement")
                .isCloseTo(7.0, within(1e-9));
        assertThat(window.longestPause(List.of(ack(1, 5 * SECOND))).seconds())
                .as("no acknowledgement at all: the whole window")
                .isCloseTo(10.0, within(1e-9));
    }

    @Test
    void onlyFailuresInsideTheWindowCount() {
        OperationWindow window = new OperationWindow(10 * SECOND, 20 * SECOND);

        List<FailedAttempt> failures = List.of(
                new FailedAttempt(1, 9 * SECOND, "before"),
                new FailedAttempt(2, 10 * SECOND, "at the start"),
                new FailedAttempt(3, 15 * SECOND, "inside"),
                new FailedAttempt(4, 21 * SECOND, "after"));

        assertThat(window.failures(failures)).isEqualTo(2);
    }

    @Test
    void errorsInsideTheWindowAreCountedByTextMostFrequentFirst() {
        OperationWindow window = new OperationWindow(10 * SECOND, 20 * SECOND);

        List<FailedAttempt> failures = List.of(
                new FailedAttempt(1, 9 * SECOND, "PSQLException: connection refused"),
                new FailedAttempt(2, 11 * SECOND, "PSQLException: terminating connection"),
                new FailedAttempt(3, 12 * SECOND, "PSQLException: connection refused"),
                new FailedAttempt(4, 13 * SECOND, "PSQLException: connection refused"),
                new FailedAttempt(5, 14 * SECOND, "PSQLException: an I/O error occurred"));

        Map<String, Long> errors = window.errors(failures);

        assertThat(errors)
                .containsExactly(
                        Map.entry("PSQLException: connection refused", 2L),
                        Map.entry("PSQLException: an I/O error occurred", 1L),
                        Map.entry("PSQLException: terminating connection", 1L));
        assertThat(Errors.lines(Errors.sum(List.of(errors, errors)), 1))
                .containsExactly("4× PSQLException: connection refused");
    }

    private static Ack ack(long id, long ackedNanos) {
        return new Ack(id, "127.0.0.1:5432", 1, ackedNanos - 1000, ackedNanos);
    }
}
