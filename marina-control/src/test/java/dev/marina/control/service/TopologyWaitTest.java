package dev.marina.control.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.marina.api.validation.FieldError;
import dev.marina.api.validation.InvalidDocumentException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TopologyWaitTest {

    @Test
    void noParameterWaitsTheDefaultAndANumberWaitsThatLong() {
        assertThat(TopologyWait.parse(null)).isEqualTo(TopologyWait.DEFAULT);
        assertThat(TopologyWait.parse("0")).isEqualTo(Duration.ZERO);
        assertThat(TopologyWait.parse("30000")).isEqualTo(TopologyWait.MAXIMUM);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "soon", "-1", "30001", "1.5", "99999999999999999999"})
    void anythingElseIsRefusedNamingTheParameter(String waitMillis) {
        assertThatThrownBy(() -> TopologyWait.parse(waitMillis))
                .isInstanceOfSatisfying(
                        InvalidDocumentException.class,
                        error -> assertThat(error.errors())
                                .extracting(FieldError::path)
                                .containsExactly("waitMillis"))
                .hasMessageContaining("'" + waitMillis + "'");
    }
}
