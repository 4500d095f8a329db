package dev.marina.testkit.chaos;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Writes unique ids as fast as the engine acknowledges them, from several threads, and records every outcome in an
 * {@link AckLog}. A thread whose write fails records the failure, closes its writer, waits the retry interval and
 * opens a new writer, so a database that is down sees a few attempts per interval rather than a spin. An id is used
 * for one attempt only: a failed write may have committed, and writing its id again would confuse the checker.
 */
public final class LoadGenerator {

    /** Writers are expected to give up on their own (socket timeouts); this only bounds a broken one. */
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

    private final Writer.Factory writers;
    private final AckLog log;
    private final LoadSettings settings;
    private final AtomicLong nextId;
    private final AtomicLong attempts = new AtomicLong();
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final AtomicReference<Throwable> crash = new AtomicReference<>();
    private final List<Thread> threads = new ArrayList<>();

    public LoadGenerator(Writer.Factory writers, AckLog log, LoadSettings settings) {
        this.writers = requireNonNull(writers, "writers is null");
        this.log = requireNonNull(log, "log is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.nextId = new AtomicLong(settings.firstId());
    }

    /** Starts the writing threads; once only. */
    public synchronized void start() {
        if (!threads.isEmpty()) {
            throw new IllegalStateException("the load generator was already started");
        }
        Thread.Builder builder = settings.virtualThreads()
                ? Thread.ofVirtual().name("chaos-writer-", 0)
                : Thread.ofPlatform().daemon().name("chaos-writer-", 0);
        for (int i = 0; i < settings.threads(); i++) {
            threads.add(builder.start(this::writeUntilStopped));
        }
    }

    /**
     * Lets every thread finish the write it is in, then waits for the threads to end and closes their writers.
     *
     * @throws IllegalStateException if a thread crashed with an error (not a write failure) or did not end in time
     */
    public synchronized void stop() throws InterruptedException {
        stopRequested.countDown();
        long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
        List<String> stuck = new ArrayList<>();
        for (Thread thread : threads) {
            if (!thread.join(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
                stuck.add(thread.getName());
                thread.interrupt();
            }
        }
        if (!stuck.isEmpty()) {
            throw new IllegalStateException("writer threads " + stuck + " did not stop within " + STOP_TIMEOUT
                    + ": a writer blocks without a timeout");
        }
        Throwable crashed = crash.get();
        if (crashed != null) {
            throw new IllegalStateException("a writer thread crashed", crashed);
        }
    }

    /** Writes attempted so far, acknowledged or not. */
    public long attempts() {
        return attempts.get();
    }

    public long acknowledged() {
        return acknowledged.get();
    }

    public long failures() {
        return failures.get();
    }

    private void writeUntilStopped() {
        Writer writer = null;
        try {
            while (stopRequested.getCount() > 0) {
                long id = nextId.getAndIncrement();
                attempts.incrementAndGet();
                try {
                    if (writer == null) {
                        writer = requireNonNull(writers.open(), "the writer factory returned null");
                    }
                    log.record(writer.write(id));
                    acknowledged.incrementAndGet();
                } catch (Exception e) {
                    log.recordFailure(FailedAttempt.of(id, System.nanoTime(), e));
                    failures.incrementAndGet();
                    closeQuietly(writer);
                    writer = null;
                    if (e instanceof InterruptedException) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    if (!pauseBeforeRetry()) {
                        return;
                    }
                }
            }
        } catch (Error e) {
            // Not a database failure: a bug in a writer or the log. stop() reports it rather than the load
            // silently running with one thread fewer.
            crash.compareAndSet(null, e);
            throw e;
        } finally {
            closeQuietly(writer);
        }
    }

    /** Waits the retry interval, cut short by stop(); false when the thread should end. */
    private boolean pauseBeforeRetry() {
        try {
            return !stopRequested.await(settings.retryInterval().toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void closeQuietly(Writer writer) {
        if (writer == null) {
            return;
        }
        try {
            writer.close();
        } catch (RuntimeException ignored) {
            // The writer is discarded either way; its close failing says nothing about the database.
        }
    }
}
