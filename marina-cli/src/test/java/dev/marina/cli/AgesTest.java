package dev.marina.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class AgesTest {

    private static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");

    @ParameterizedTest
    @CsvSource({
        "0, 0s",
        "45, 45s",
        "119, 119s",
        "330, 5m30s",
        "300, 5m",
        "3000, 50m",
        "7500, 125m",
        "14700, 4h5m",
        "36000, 10h",
        "273600, 3d4h",
        "864000, 10d",
        "-5, 0s"
    })
    void printsAgesLikeKubectl(long seconds, String age) {
        assertThat(Ages.of(Duration.ofSeconds(seconds))).isEqualTo(age);
    }

    @ParameterizedTest
    @CsvSource({"2026-11-20T11:59:15Z, 45s", "2026-11-20T13:00:00+01:00, 0s", "2026-11-20T10:00:00.123Z, 119m"})
    void readsTimestamps(String timestamp, String age) {
        assertThat(Ages.since(timestamp, NOW)).isEqualTo(age);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"yesterday", "2026-11-20"})
    void printsADashForMissingOrUnreadableTimestamps(String timestamp) {
        assertThat(Ages.since(timestamp, NOW)).isEqualTo("-");
    }
}
