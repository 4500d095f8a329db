package dev.marina.testkit.chaos;

import static java.util.Objects.requireNonNull;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The acknowledged writes and the failed attempts of a chaos run, in the order they were recorded. Thread-safe; the
 * accessors return snapshots.
 *
 * <p>Optionally also appends every entry as a line to a file, flushed at once, so a run that hangs or kills the JVM
 * still leaves its evidence behind: {@code ack <id> <server> <epoch> <sentNanos> <ackedNanos>} and
 * {@code failure <id> <failedNanos> <error>}.
 */
public final class AckLog implements AutoCloseable {

    private final Object lock = new Object();
    private final List<Ack> acks = new ArrayList<>();
    private final List<FailedAttempt> failures = new ArrayList<>();
    private final BufferedWriter file;
    private IOException fileFailure;

    /** A log kept in memory only. */
    public AckLog() {
        this.file = null;
    }

    private AckLog(BufferedWriter file) {
        this.file = file;
    }

    /** A log kept in memory that also appends each entry to {@code file}, created or truncated. */
    public static AckLog writingTo(Path file) throws IOException {
        requireNonNull(file, "file is null");
        return new AckLog(Files.newBufferedWriter(file, StandardCharsets.UTF_8));
    }

    /** Records an acknowledged write. */
    public void record(Ack ack) {
        requireNonNull(ack, "ack is null");
        synchronized (lock) {
            acks.add(ack);
            append("ack " + ack.id() + " " + ack.server() + " " + ack.epoch() + " " + ack.sentNanos() + " "
                    + ack.ackedNanos());
        }
    }

    /** Records a write that was not acknowledged. */
    public void recordFailure(FailedAttempt failure) {
        requireNonNull(failure, "failure is null");
        synchronized (lock) {
            failures.add(failure);
            append("failure " + failure.id() + " " + failure.failedNanos() + " " + failure.error());
        }
    }

    /** The acknowledged writes so far, in the order they were recorded. */
    public List<Ack> acks() {
        synchronized (lock) {
            return List.copyOf(acks);
        }
    }

    /** The failed attempts so far, in the order they were recorded. */
    public List<FailedAttempt> failures() {
        synchronized (lock) {
            return List.copyOf(failures);
        }
    }

    public int ackCount() {
        synchronized (lock) {
            return acks.size();
        }
    }

    public int failureCount() {
        synchronized (lock) {
            return failures.size();
        }
    }

    /**
     * Closes the file, if any.
     *
     * @throws UncheckedIOException if writing the file failed at any time; the entries stay in memory
     */
    @Override
    public void close() {
        synchronized (lock) {
            if (file == null) {
                return;
            }
            try {
                file.close();
            } catch (IOException e) {
                remember(e);
            }
            if (fileFailure != null) {
                throw new UncheckedIOException("the ack log file is incomplete", fileFailure);
            }
        }
    }

    private void append(String line) {
        // A failing file must not fail the write that is being recorded: the load would count it as a database
        // error. The first failure is kept and reported by close().
        if (file == null || fileFailure != null) {
            return;
        }
        try {
            file.write(line);
            file.newLine();
            file.flush();
        } catch (IOException e) {
            remember(e);
        }
    }

    private void remember(IOException failure) {
        if (fileFailure == null) {
            fileFailure = failure;
        }
    }
}
