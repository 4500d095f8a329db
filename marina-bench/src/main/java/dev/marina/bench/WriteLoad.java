package dev.marina.bench;

import dev.marina.control.Poll;
import dev.marina.testkit.chaos.AckLog;
import dev.marina.testkit.chaos.ChaosReport;
import dev.marina.testkit.chaos.Checker;
import dev.marina.testkit.chaos.Fault;
import dev.marina.testkit.chaos.JdbcWriter;
import dev.marina.testkit.chaos.LoadGenerator;
import dev.marina.testkit.chaos.LoadSettings;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The writers of one measurement, as an application would run them: a few JDBC writers through the URL that follows
 * the primary, every acknowledgement and failed attempt logged with its time. Stopping them reads every id back from
 * the primary and lets the testkit's checker judge what the clients saw. Closing stops writers still running.
 */
final class WriteLoad implements AutoCloseable {

    /** A few concurrent writers, as an application would have; more would only load the 2-core machine. */
    static final int WRITER_THREADS = 4;

    private static final Duration POLL_INTERVAL = Duration.ofMillis(10);

    private final LoadTarget target;
    private final AckLog acks = new AckLog();
    private final LoadGenerator generator;
    private boolean stopped;

    private WriteLoad(LoadTarget target, long firstId) {
        this.target = target;
        this.generator = new LoadGenerator(
                JdbcWriter.factory(target.url(), target.user(), target.password()),
                acks,
                LoadSettings.threads(WRITER_THREADS).withFirstId(firstId));
    }

    /** @param firstId the first id written; loads on one table must not reuse ids */
    static WriteLoad start(LoadTarget target, long firstId) {
        WriteLoad load = new WriteLoad(target, firstId);
        load.generator.start();
        return load;
    }

    AckLog acks() {
        return acks;
    }

    /** Polls until {@code count} writes were acknowledged in all; false when that did not happen within timeout. */
    boolean awaitAcknowledged(long count, Duration timeout) {
        return Poll.until(() -> acks.ackCount() >= count, timeout, POLL_INTERVAL);
    }

    /**
     * Stops the writers (each finishes the write it is in), reads every id the primary holds and checks the log
     * against them.
     */
    ChaosReport stopAndCheck(List<Fault> faults, Optional<Duration> timeToFullRedundancy)
            throws InterruptedException, SQLException {
        stopped = true;
        generator.stop();
        Set<Long> present = JdbcWriter.readIds(target.url(), target.user(), target.password());
        return new Checker().check(acks.acks(), faults, present, timeToFullRedundancy);
    }

    /** Stops writers still running, after a measurement that failed; that failure is the one to report. */
    @Override
    public void close() {
        if (stopped) {
            return;
        }
        stopped = true;
        try {
            generator.stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IllegalStateException e) {
            System.err.println("load generator: " + e.getMessage());
        }
    }
}
