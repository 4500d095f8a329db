package dev.marina.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OperatorReportTest {

    private static final OperatorRound ROUND = new OperatorRound(
            1_000,
            1_000,
            1_000,
            10,
            40,
            50,
            Map.of("Pod", 3_000L),
            30,
            20,
            10,
            300,
            200,
            450,
            Map.of("operator GET pods", new MockApiTraffic.Counts(100, 50_000_000)),
            60);

    @Test
    void theSectionSaysWhichStoreTheMockServerRanAndWhy() {
        OperatorOptions options = OperatorOptions.parse(List.of());
        MockServerFloor.Result floor = new MockServerFloor.Result(MockApiStore.INDEXED, 1_000, 20_000, 25, 7);

        String section = report(options, floor).section("2026-11-21", 2);

        assertThat(section)
                .contains("Command: `bin/bench operator` (2026-11-21, 2 cores)")
                .contains("keeps its objects in the testkit's indexed store, `IndexedCrudDispatcher`")
                .contains("tests every stored object against every request")
                .contains("on the same (indexed) store")
                .contains("25.0 s, 800 writes per second, 0.35 ms answering each")
                .contains("| operator | GET pods | 100 |");
    }

    @Test
    void fabric8sOwnStoreIsNamedInTheCommandAndTheSection() {
        OperatorOptions options = OperatorOptions.parse(List.of("--store", "fabric8"));
        MockServerFloor.Result floor = new MockServerFloor.Result(MockApiStore.FABRIC8, 1_000, 20_000, 250, 240);

        String section = report(options, floor).section("2026-11-21", 2);

        assertThat(section)
                .contains("Command: `bin/bench operator --store fabric8`")
                .contains("keeps its objects in fabric8's own store (`--store fabric8`")
                .contains("on the same (fabric8) store")
                .contains("80 writes per second, 12.00 ms answering each");
    }

    private static OperatorReport report(OperatorOptions options, MockServerFloor.Result floor) {
        return new OperatorReport(options, List.of(ROUND), floor, Duration.ofSeconds(600), 60, 512);
    }
}
