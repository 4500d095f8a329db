package dev.marina.testkit.chaos;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What the {@link Checker} found in a chaos run. {@link #problems()} lists what breaks a promise (a lost write, two
 * primaries, writes that never came back); write gaps and the time back to full redundancy are measurements, because
 * timing goals belong in benchmarks rather than in assertions.
 *
 * @param acknowledged how many writes were acknowledged
 * @param lost ids that were acknowledged but are missing afterwards, ascending
 * @param presentWithoutAck how many ids are present although their write failed on the client: commits whose
 *     acknowledgement was lost, which is allowed
 * @param staleWrites acknowledgements of an older epoch that happened after a newer epoch had acknowledged a write
 * @param sharedEpochs epochs on which more than one server acknowledged writes
 * @param faultGaps for each fault, in order, how long writes stopped around it
 * @param longGaps every gap between consecutive acknowledgements longer than the checker's threshold
 * @param timeToFullRedundancy how long the system took to be fully redundant again, when the scenario measured it
 */
public record ChaosReport(
        int acknowledged,
        List<Long> lost,
        int presentWithoutAck,
        List<StaleWrite> staleWrites,
        List<SharedEpoch> sharedEpochs,
        List<WriteGap> faultGaps,
        List<WriteGap> longGaps,
        Optional<Duration> timeToFullRedundancy) {

    /** How many lost ids a problem message names; the full list is in {@link #lost()}. */
    private static final int LOST_IDS_SHOWN = 20;

    public ChaosReport {
        lost = List.copyOf(requireNonNull(lost, "lost is null"));
        staleWrites = List.copyOf(requireNonNull(staleWrites, "staleWrites is null"));
        sharedEpochs = List.copyOf(requireNonNull(sharedEpochs, "sharedEpochs is null"));
        faultGaps = List.copyOf(requireNonNull(faultGaps, "faultGaps is null"));
        longGaps = List.copyOf(requireNonNull(longGaps, "longGaps is null"));
        requireNonNull(timeToFullRedundancy, "timeToFullRedundancy is null");
    }

    /**
     * A write acknowledged on an older epoch although it was sent after a write on a newer epoch had been acknowledged:
     * the old primary committed after the new one had, so both accepted writes.
     *
     * @param older the latest-sent acknowledged write of the older epoch
     * @param newer the earliest-acknowledged write of the newer epoch
     * @param count how many writes of the older epoch were sent after {@code newer} was acknowledged
     */
    public record StaleWrite(Ack older, Ack newer, int count) {

        public StaleWrite {
            requireNonNull(older, "older is null");
            requireNonNull(newer, "newer is null");
        }

        String describe() {
            return count + " write(s) acknowledged by " + older.server() + " on epoch " + older.epoch()
                    + " were sent after " + newer.server() + " had acknowledged id " + newer.id() + " on epoch "
                    + newer.epoch() + " (for example id " + older.id() + ", sent "
                    + millis(older.sentNanos() - newer.ackedNanos()) + " later)";
        }
    }

    /**
     * An epoch on which several servers acknowledged writes, which two primaries of one role version would do.
     *
     * @param epoch the shared epoch
     * @param examples one acknowledged write per server, ordered by server
     */
    public record SharedEpoch(long epoch, List<Ack> examples) {

        public SharedEpoch {
            examples = List.copyOf(requireNonNull(examples, "examples is null"));
        }

        String describe() {
            List<String> servers = new ArrayList<>();
            for (Ack example : examples) {
                servers.add(example.server() + " (id " + example.id() + ")");
            }
            return "servers " + String.join(", ", servers) + " all acknowledged writes on epoch " + epoch;
        }
    }

    /**
     * A stretch of time without acknowledged writes.
     *
     * @param cause what the gap is measured around: a fault's description, or "between acknowledgements"
     * @param fromNanos the last acknowledgement before the gap, or the fault itself when there was none
     * @param toNanos the first acknowledgement after the gap, or the last moment observed when {@code closed} is false
     * @param closed whether writes were acknowledged again after the gap
     */
    public record WriteGap(String cause, long fromNanos, long toNanos, boolean closed) {

        public WriteGap {
            requireNonNull(cause, "cause is null");
        }

        public Duration duration() {
            return Duration.ofNanos(toNanos - fromNanos);
        }

        public double seconds() {
            return (toNanos - fromNanos) / 1e9;
        }

        String describe() {
            return cause + ": " + String.format(Locale.ROOT, "%.3f s", seconds())
                    + (closed ? "" : " and no write was acknowledged after it");
        }
    }

    /** What breaks a promise, one readable sentence each; empty for a clean run. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (acknowledged == 0) {
            // Otherwise a run whose load never reached the database would look perfect.
            problems.add("no write was acknowledged at all");
        }
        if (!lost.isEmpty()) {
            List<Long> shown = lost.subList(0, Math.min(lost.size(), LOST_IDS_SHOWN));
            problems.add(lost.size() + " acknowledged write(s) are missing: ids " + shown
                    + (lost.size() > shown.size() ? " and more" : ""));
        }
        for (StaleWrite staleWrite : staleWrites) {
            problems.add("split brain: " + staleWrite.describe());
        }
        for (SharedEpoch sharedEpoch : sharedEpochs) {
            problems.add("split brain: " + sharedEpoch.describe());
        }
        for (WriteGap gap : faultGaps) {
            if (!gap.closed()) {
                problems.add("writes did not come back after " + gap.cause());
            }
        }
        return List.copyOf(problems);
    }

    public boolean isClean() {
        return problems().isEmpty();
    }

    /** The longest gap around a fault, if any fault was recorded. */
    public Optional<WriteGap> longestFaultGap() {
        return faultGaps.stream().max(Comparator.comparing(WriteGap::duration));
    }

    /** A few lines for a test's output or a benchmark's log. */
    public String summary() {
        StringBuilder summary = new StringBuilder();
        summary.append("acknowledged writes: ").append(acknowledged).append('\n');
        summary.append("lost: ").append(lost.size()).append('\n');
        summary.append("present without acknowledgement: ")
                .append(presentWithoutAck)
                .append('\n');
        for (WriteGap gap : faultGaps) {
            summary.append("gap around ").append(gap.describe()).append('\n');
        }
        for (WriteGap gap : longGaps) {
            summary.append("long gap ").append(gap.describe()).append('\n');
        }
        timeToFullRedundancy.ifPresent(duration -> summary.append("time to full redundancy: ")
                .append(String.format(Locale.ROOT, "%.3f s", duration.toNanos() / 1e9))
                .append('\n'));
        List<String> problems = problems();
        summary.append(problems.isEmpty() ? "clean" : "problems:");
        for (String problem : problems) {
            summary.append("\n  - ").append(problem);
        }
        return summary.toString();
    }

    private static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
    }
}
