package dev.marina.testkit;

import static dev.marina.testkit.ControlPlane.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import dev.marina.control.health.HealthMonitor;
import dev.marina.control.health.MemberHealth;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Miss counting and wake-ups of the health monitor, driven tick by tick. */
class HealthMonitorTest {

    private static final String DEMO = "demo";
    private static final String M0 = "demo-db-0";
    private static final String M1 = "demo-db-1";

    private final ControlPlane plane = new ControlPlane();
    private final HealthMonitor monitor = plane.monitor;
    private final List<String> woken = new CopyOnWriteArrayList<>();

    @Test
    void aMemberThatAnswersMissesNothingAndWakesNobody() {
        readyCluster();

        for (int tick = 1; tick <= 10; tick++) {
            monitor.tick(DEMO);
            awaitProbes();
        }

        assertThat(monitor.health(DEMO).values())
                .extracting(MemberHealth::missedProbes)
                .containsOnly(0);
        assertThat(woken).isEmpty();
    }

    @Test
    void aSilentMemberCountsOneMissPerIntervalAndWakesAPassAtTheThreshold() {
        readyCluster();
        plane.engine.answering(M0, false);

        List<Integer> misses = new java.util.ArrayList<>();
        for (int tick = 1; tick <= 5; tick++) {
            monitor.tick(DEMO);
            awaitProbes();
            misses.add(monitor.health(DEMO).get(M0).missedProbes());
            if (tick == 4) {
                assertThat(woken).as("after tick 4").isEmpty();
            }
        }

        assertThat(misses)
                .as("the first tick still finds the answer given before it fell silent")
                .containsExactly(0, 1, 2, 3, 4);
        assertThat(woken).containsExactly(DEMO);
        assertThat(monitor.health(DEMO).get(M0).failed(4)).isTrue();
        assertThat(monitor.health(DEMO).get(M0).lastAnswer())
                .as("kept for the lag budget")
                .isPresent();
    }

    @Test
    void aKilledProcessFailsAtTheNextTick() {
        readyCluster();
        plane.runtime.kill(M1);

        monitor.tick(DEMO);

        assertThat(monitor.health(DEMO).get(M1).failed(4)).isTrue();
        assertThat(woken).containsExactly(DEMO);
    }

    @Test
    void aMemberThatAnswersAgainIsNoLongerFailedAndWakesAPass() {
        readyCluster();
        plane.engine.answering(M0, false);
        for (int tick = 1; tick <= 5; tick++) {
            monitor.tick(DEMO);
            awaitProbes();
        }
        woken.clear();
        plane.engine.answering(M0, true);

        monitor.tick(DEMO);
        awaitProbes();
        monitor.tick(DEMO);

        assertThat(monitor.health(DEMO).get(M0).missedProbes()).isZero();
        assertThat(woken).contains(DEMO);
    }

    private void readyCluster() {
        plane.apply(yaml(DEMO, 3, true, Map.of()));
        plane.reconcileUntilReady(DEMO, 3);
        monitor.onChange(woken::add);
    }

    /** Probes run on their own threads: wait until none is in flight, as a probe interval would. */
    private void awaitProbes() {
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(5))
                .until(() -> !monitor.probing(DEMO));
    }
}
