package dev.marina.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @ParameterizedTest
    @CsvSource({"90s, 90", "2m, 120", "1m30s, 90", "120, 120", "1h, 3600", "1h2m3s, 3723", "0, 0", "2M, 120"})
    void readsTheFormsPeopleType(String text, long seconds) {
        assertThat(Durations.parse(text)).isEqualTo(Duration.ofSeconds(seconds));
    }

    @Test
    void readsMilliseconds() {
        assertThat(Durations.parse("1s500ms")).isEqualTo(Duration.ofMillis(1500));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "1x", "-5s", "1.5m", "m", "5 s", "1m30"})
    void refusesAnythingElseNamingTheAcceptedForms(String text) {
        assertThatThrownBy(() -> Durations.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'" + text + "' is not a duration; write e.g. 90s, 2m, 1m30s, 1h or 120 (seconds)");
    }

    @ParameterizedTest
    @CsvSource({"90, 1m30s", "120, 2m", "45, 45s", "3900, 1h5m", "0, 0s"})
    void formatsInTheFormsItReads(long seconds, String text) {
        assertThat(Durations.format(Duration.ofSeconds(seconds))).isEqualTo(text);
        assertThat(Durations.parse(text)).isEqualTo(Duration.ofSeconds(seconds));
    }
}
