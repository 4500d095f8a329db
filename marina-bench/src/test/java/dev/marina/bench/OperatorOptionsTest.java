package dev.marina.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class OperatorOptionsTest {

    @Test
    void theDefaultsRunOneRoundOfAThousandClustersOnTheIndexedStore() {
        OperatorOptions options = OperatorOptions.parse(List.of());

        assertThat(options.clusters()).isEqualTo(1_000);
        assertThat(options.rounds()).isEqualTo(1);
        assertThat(options.store()).isEqualTo(MockApiStore.INDEXED);
        assertThat(options.floorOnly()).isFalse();
    }

    @Test
    void theFloorAloneCanBeAskedForOnEitherStore() {
        OperatorOptions options =
                OperatorOptions.parse(List.of("--floor-only", "--clusters", "200", "--store", "fabric8"));

        assertThat(options.floorOnly()).isTrue();
        assertThat(options.clusters()).isEqualTo(200);
        assertThat(options.store()).isEqualTo(MockApiStore.FABRIC8);
    }

    @Test
    void mistakesNameTheOption() {
        assertThatThrownBy(() -> OperatorOptions.parse(List.of("--store", "etcd")))
                .hasMessageContaining("--store")
                .hasMessageContaining("etcd");
        assertThatThrownBy(() -> OperatorOptions.parse(List.of("--clusters", "0")))
                .hasMessageContaining("--clusters");
        assertThatThrownBy(() -> OperatorOptions.parse(List.of("--rounds"))).hasMessageContaining("--rounds");
        assertThatThrownBy(() -> OperatorOptions.parse(List.of("--floor"))).hasMessageContaining("--floor");
    }
}
