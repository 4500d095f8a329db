package dev.marina.api.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class QuantityTest {

    @ParameterizedTest
    @CsvSource({
        "1Gi, 1073741824",
        "512Mi, 536870912",
        "1Ki, 1024",
        "1G, 1000000000",
        "1k, 1000",
        "500m, 0.5",
        "250m, 0.25",
        "2, 2",
        "1.5Gi, 1610612736",
        "0, 0"
    })
    void readsAQuantityAsAPlainNumber(String text, String expected) {
        assertThat(Quantity.parse(text))
                .hasValueSatisfying(value -> assertThat(value).isEqualByComparingTo(new BigDecimal(expected)));
    }

    @Test
    void binaryAndDecimalSuffixesDiffer() {
        assertThat(Quantity.parse("1Gi").orElseThrow())
                .isGreaterThan(Quantity.parse("1G").orElseThrow());
        assertThat(Quantity.parse("1024Mi").orElseThrow())
                .isEqualByComparingTo(Quantity.parse("1Gi").orElseThrow());
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"1GB", "-1", "Gi", "1.5.1", "one", "1 Gi", "1gi", "1Mb", "0x10", "1e3i"})
    void refusesWhatIsNotAQuantity(String text) {
        assertThat(Quantity.parse(text)).isEmpty();
    }

    @Test
    void bytesRoundsDown() {
        assertThat(Quantity.bytes("1Gi")).isEqualTo(1L << 30);
        assertThat(Quantity.bytes("1.5Gi")).isEqualTo(1_610_612_736L);
        assertThat(Quantity.bytes("1500m")).isEqualTo(1L);
        assertThat(Quantity.bytes("500m")).isZero();
    }

    @Test
    void bytesOfSomethingElseNamesIt() {
        assertThatThrownBy(() -> Quantity.bytes("1GB"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a quantity: 1GB");
    }
}
