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
    private static final String M2 = "demo-db-2";
    /** The failure threshold the test clusters get: the tests above see members fail at their fourth miss. */
    private static final int THRESHOLD = 4;

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

    @Test
    void aControlPlaneThatHeardFromNoMemberCountsNoSilenceUntilSomeoneAnswersOrTheGraceEnds() {
        readyCluster();
        List.of(M0, M1, M2).forEach(member -> plane.engine.answering(member, false));
        // A control plane started anew (a cold JVM, a loaded machine): it has heard from nobody yet.
        HealthMonitor restarted = new HealthMonitor(plane.runtime);
        plane.reconcilerWith(restarted).reconcile(DEMO);
        int threshold = THRESHOLD;

        for (int tick = 1; tick <= 4 * threshold; tick++) {
            restarted.tick(DEMO);
            awaitProbes(restarted);
        }
        assertThat(restarted.health(DEMO).values())
                .as("silence in the grace")
                .extracting(MemberHealth::missedProbes)
                .containsOnly(0);

        plane.engine.answering(M0, true);
        restarted.tick(DEMO);
        awaitProbes(restarted);
        restarted.tick(DEMO);
        awaitProbes(restarted);

        assertThat(restarted.health(DEMO).get(M0).missedProbes()).isZero();
        assertThat(restarted.health(DEMO).get(M1).missedProbes())
                .as("once someone answered, silence counts")
                .isPositive();
    }

    @Test
    void silenceCountsAfterTheGraceEvenWhenNobodyEverAnswers() {
        readyCluster();
        List.of(M0, M1, M2).forEach(member -> plane.engine.answering(member, false));
        HealthMonitor restarted = new HealthMonitor(plane.runtime);
        plane.reconcilerWith(restarted).reconcile(DEMO);

        for (int tick = 1; tick <= 4 * THRESHOLD + 2; tick++) {
            restarted.tick(DEMO);
            awaitProbes(restarted);
        }

        assertThat(restarted.health(DEMO).get(M0).missedProbes()).isPositive();
    }

    private void readyCluster() {
        plane.apply(yaml(DEMO, 3, true, Map.of()));
        plane.reconcileUntilReady(DEMO, 3);
        monitor.onChange(woken::add);
    }

    /** Probes run on their own threads: wait until none is in flight, as a probe interval would. */
    private void awaitProbes() {
        awaitProbes(monitor);
    }

    private static void awaitProbes(HealthMonitor which) {
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(5))
                .until(() -> !which.probing(DEMO));
    }
}
