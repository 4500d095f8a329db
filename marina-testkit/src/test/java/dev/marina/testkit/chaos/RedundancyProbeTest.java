package dev.marina.testkit.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RedundancyProbeTest {

    @Test
    void waitsUntilACheckIsFullAndMeasuresFromTheGivenInstant() throws Exception {
        AtomicInteger checks = new AtomicInteger();
        RedundancyProbe probe = () -> checks.incrementAndGet() < 3
                ? new RedundancyCheck(List.of("r:1 does not stream"))
                : new RedundancyCheck(List.of());
        long faultNanos = System.nanoTime() - Duration.ofSeconds(5).toNanos();

        Duration took = probe.awaitFullRedundancy(faultNanos, Duration.ofSeconds(30));

        assertThat(checks).hasValue(3);
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void namesWhatIsStillMissingAtTheDeadline() {
        RedundancyProbe probe = () -> new RedundancyCheck(List.of("r:1 does not stream", "r:2 is unreachable"));

        assertThatThrownBy(() -> probe.awaitFullRedundancy(Duration.ofMillis(120)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("not fully redundant after PT0.12S: r:1 does not stream; r:2 is unreachable");
    }
}
