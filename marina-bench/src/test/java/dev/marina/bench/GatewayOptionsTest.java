package dev.marina.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class GatewayOptionsTest {

    @Test
    void theDefaultsMeasureEveryCellOnEveryTarget() {
        GatewayOptions options = GatewayOptions.parse(List.of());

        assertThat(options.rounds()).isEqualTo(3);
        assertThat(options.cells()).hasSize(12);
        assertThat(options.targets()).containsExactly(GatewayTarget.values());
        assertThat(options.command()).isEqualTo("bin/bench gateway");
    }

    @Test
    void quickSetsShorterDefaultsThatExplicitOptionsOverride() {
        GatewayOptions options =
                GatewayOptions.parse(List.of("--targets", "pgbouncer,direct", "--quick", "--seconds", "5"));

        assertThat(options.rounds()).isEqualTo(1);
        assertThat(options.seconds()).isEqualTo(5);
        assertThat(options.cells()).allMatch(cell -> cell.clients() == 8).hasSize(6);
        // Columns follow the declaration order, whatever order the option lists.
        assertThat(options.targets()).containsExactly(GatewayTarget.DIRECT, GatewayTarget.PGBOUNCER);
        assertThat(options.command()).isEqualTo("bin/bench gateway --targets pgbouncer,direct --quick --seconds 5");
    }

    @Test
    void theWarmUpRunsEachScriptAndProtocolOnceAtTheFewestClients() {
        GatewayOptions options = GatewayOptions.parse(List.of());

        assertThat(options.warmUpCells())
                .hasSize(6)
                .allMatch(cell -> cell.clients() == 8)
                .extracting(cell -> cell.script() + " " + cell.protocol())
                .doesNotHaveDuplicates();
        assertThat(options.estimatedMinutes())
                .isEqualTo(GatewayOptions.parse(List.of("--targets", "direct,gateway,pgbouncer"))
                        .estimatedMinutes())
                .isGreaterThan(GatewayOptions.parse(List.of("--targets", "direct,pgbouncer"))
                        .estimatedMinutes());
    }

    @Test
    void mistakesNameTheOption() {
        assertThatThrownBy(() -> GatewayOptions.parse(List.of("--targets", "direct,pgpool")))
                .hasMessageContaining("--targets")
                .hasMessageContaining("pgpool");
        assertThatThrownBy(() -> GatewayOptions.parse(List.of("--rounds", "0"))).hasMessageContaining("--rounds");
        assertThatThrownBy(() -> GatewayOptions.parse(List.of("--scale"))).hasMessageContaining("--scale");
        assertThatThrownBy(() -> GatewayOptions.parse(List.of("--fast"))).hasMessageContaining("--fast");
    }
}
