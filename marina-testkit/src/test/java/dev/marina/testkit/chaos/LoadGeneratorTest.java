package dev.marina.testkit.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.marina.testkit.chaos.ChaosReport.WriteGap;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LoadGeneratorTest {

    private static final int THREADS = 4;
    private static final Duration RETRY_INTERVAL = Duration.ofMillis(20);

    private final FakeDatabase database = new FakeDatabase();
    private final AckLog log = new AckLog();
    private final FaultLog faults = new FaultLog();

    @ParameterizedTest(name = "virtual threads: {0}")
    @ValueSource(booleans = {false, true})
    void loadRidesOutAnOutageWithoutSpinningAndWithoutReusingIds(boolean virtualThreads) throws Exception {
        LoadGenerator load = new LoadGenerator(
                database.writers(),
                log,
                LoadSettings.threads(THREADS)
                        .withRetryInterval(RETRY_INTERVAL)
                        .withVirtualThreads(virtualThreads)
                        .withFirstId(1000));
        load.start();
        database.allow(100);
        await().until(() -> log.ackCount() == 100);

        Fault outage = faults.record("outage");
        long downFrom = System.nanoTime();
        database.goDown();
        await().until(() -> database.failuresWhileDown() >= 5 * THREADS);
        long backFrom = System.nanoTime();
        database.comeBack();
        long downUntil = System.nanoTime();
        long failuresWhileDown = database.failuresWhileDown();

        database.allow(100);
        await().until(() -> log.ackCount() == 200);
        database.shutDown();
        load.stop();

        // Each thread pauses a full retry interval after each failure, so within the outage it fails at most once
        // per interval, plus once at its start. A load that spins fails thousands of times.
        long outageIntervals = (downUntil - downFrom) / RETRY_INTERVAL.toNanos();
        assertThat(failuresWhileDown).isBetween(5L * THREADS, THREADS * (outageIntervals + 1));

        assertThat(log.failures())
                .filteredOn(failure -> failure.error().equals("ConnectException: Connection refused"))
                .hasSize((int) failuresWhileDown);
        assertThat(log.failures())
                .allSatisfy(failure -> assertThat(failure.error())
                        .isIn("ConnectException: Connection refused", "IOException: database shut down"));
        assertThat(load.acknowledged()).isEqualTo(200);
        assertThat(load.failures()).isEqualTo(log.failureCount());
        assertThat(load.attempts()).isEqualTo(load.acknowledged() + load.failures());

        List<Long> ids = new ArrayList<>();
        log.acks().forEach(ack -> ids.add(ack.id()));
        log.failures().forEach(failure -> ids.add(failure.id()));
        assertThat(ids).doesNotHaveDuplicates().allSatisfy(id -> assertThat(id).isGreaterThanOrEqualTo(1000));
        assertThat(database.storedIds()).containsExactlyInAnyOrderElementsOf(ids.subList(0, 200));

        // Every failure discards its writer; every writer is closed in the end.
        assertThat(database.opened()).isGreaterThan(THREADS).isLessThanOrEqualTo(THREADS + load.failures());
        assertThat(database.closed()).isEqualTo(database.opened());

        ChaosReport report = new Checker().check(log.acks(), faults.faults(), database.storedIds(), Optional.empty());
        assertThat(report.problems()).isEmpty();
        WriteGap gap = report.faultGaps().get(0);
        assertThat(gap.closed()).isTrue();
        assertThat(gap.fromNanos()).isLessThanOrEqualTo(outage.atNanos());
        assertThat(gap.duration()).isGreaterThanOrEqualTo(Duration.ofNanos(backFrom - outage.atNanos()));
    }

    @Test
    void stopCutsTheRetryPauseShort() {
        database.goDown();
        LoadGenerator load = new LoadGenerator(
                database.writers(), log, LoadSettings.threads(THREADS).withRetryInterval(Duration.ofHours(1)));
        load.start();
        await().until(() -> database.failuresWhileDown() == THREADS);

        assertTimeoutPreemptively(Duration.ofSeconds(10), load::stop);
        assertThat(load.failures()).isEqualTo(THREADS);
    }

    @Test
    void writerThatCrashesIsReportedByStop() throws Exception {
        Writer crashing = new Writer() {
            @Override
            public Ack write(long id) {
                throw new AssertionError("bug in the writer");
            }

            @Override
            public void close() {}
        };
        LoadGenerator load = new LoadGenerator(() -> crashing, log, LoadSettings.threads(1));
        load.start();
        // Awaitility would fail on the thread's uncaught error itself; here stop() is what must report it.
        await().dontCatchUncaughtExceptions().until(() -> load.attempts() == 1);

        assertThatThrownBy(load::stop)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("a writer thread crashed")
                .hasRootCauseMessage("bug in the writer");
    }
}
