package dev.marina.testkit.chaos;

import static java.util.Objects.requireNonNull;

import dev.marina.testkit.chaos.ChaosReport.SharedEpoch;
import dev.marina.testkit.chaos.ChaosReport.StaleWrite;
import dev.marina.testkit.chaos.ChaosReport.WriteGap;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Judges a chaos run from what the clients saw (the acknowledged writes, with who answered on which epoch and when)
 * and what the database holds afterwards. Knows no engine: an epoch is any number a server raises when it becomes
 * primary, such as PostgreSQL's timeline.
 *
 * <p>Split brain is judged on real time, as seen by one clock: a write acknowledged on an older epoch is a violation
 * only if it was <em>sent</em> after a write on a newer epoch had been <em>acknowledged</em>, because then the old
 * primary certainly committed after the new one. Writes whose intervals overlap may commit in either order, so
 * concurrent clients around a failover are not flagged.
 */
public final class Checker {

    /** Gaps longer than this are listed even when no fault explains them. */
    public static final Duration DEFAULT_LONG_GAP_THRESHOLD = Duration.ofSeconds(1);

    private final Duration longGapThreshold;

    public Checker() {
        this(DEFAULT_LONG_GAP_THRESHOLD);
    }

    public Checker(Duration longGapThreshold) {
        this.longGapThreshold = requireNonNull(longGapThreshold, "longGapThreshold is null");
        if (longGapThreshold.isNegative()) {
            throw new IllegalArgumentException("longGapThreshold must not be negative, was " + longGapThreshold);
        }
    }

    /**
     * Checks a run.
     *
     * @param acks every acknowledged write, in any order; the times must come from one JVM's {@link System#nanoTime()}
     * @param faults the faults injected, with times from the same clock
     * @param presentIds the ids the database holds after recovery
     * @param timeToFullRedundancy how long the system took to be fully redundant again, if the scenario measured it
     */
    public ChaosReport check(
            List<Ack> acks, List<Fault> faults, Set<Long> presentIds, Optional<Duration> timeToFullRedundancy) {
        requireNonNull(acks, "acks is null");
        requireNonNull(faults, "faults is null");
        requireNonNull(presentIds, "presentIds is null");
        requireNonNull(timeToFullRedundancy, "timeToFullRedundancy is null");
        List<Ack> byAcknowledgement = new ArrayList<>(acks);
        byAcknowledgement.sort(Comparator.comparingLong(Ack::ackedNanos));
        return new ChaosReport(
                acks.size(),
                lost(acks, presentIds),
                presentWithoutAck(acks, presentIds),
                staleWrites(acks),
                sharedEpochs(byAcknowledgement),
                faultGaps(byAcknowledgement, faults),
                longGaps(byAcknowledgement),
                timeToFullRedundancy);
    }

    private static List<Long> lost(List<Ack> acks, Set<Long> presentIds) {
        return acks.stream()
                .map(Ack::id)
                .filter(id -> !presentIds.contains(id))
                .sorted()
                .distinct()
                .toList();
    }

    private static int presentWithoutAck(List<Ack> acks, Set<Long> presentIds) {
        Set<Long> acknowledged = new HashSet<>();
        for (Ack ack : acks) {
            acknowledged.add(ack.id());
        }
        int count = 0;
        for (Long id : presentIds) {
            if (!acknowledged.contains(id)) {
                count++;
            }
        }
        return count;
    }

    private static List<StaleWrite> staleWrites(List<Ack> acks) {
        Map<Long, List<Ack>> byEpoch = new TreeMap<>();
        for (Ack ack : acks) {
            byEpoch.computeIfAbsent(ack.epoch(), epoch -> new ArrayList<>()).add(ack);
        }
        List<Long> epochs = List.copyOf(byEpoch.keySet());
        List<StaleWrite> staleWrites = new ArrayList<>();
        // Epochs are few (one per failover), so comparing every pair is cheap.
        for (int older = 0; older < epochs.size(); older++) {
            List<Ack> olderAcks = byEpoch.get(epochs.get(older));
            Ack latestSent = olderAcks.stream()
                    .max(Comparator.comparingLong(Ack::sentNanos))
                    .orElseThrow();
            for (int newer = older + 1; newer < epochs.size(); newer++) {
                Ack earliestAcknowledged = byEpoch.get(epochs.get(newer)).stream()
                        .min(Comparator.comparingLong(Ack::ackedNanos))
                        .orElseThrow();
                if (latestSent.sentNanos() <= earliestAcknowledged.ackedNanos()) {
                    continue;
                }
                int count = (int) olderAcks.stream()
                        .filter(ack -> ack.sentNanos() > earliestAcknowledged.ackedNanos())
                        .count();
                staleWrites.add(new StaleWrite(latestSent, earliestAcknowledged, count));
            }
        }
        return staleWrites;
    }

    private static List<SharedEpoch> sharedEpochs(List<Ack> byAcknowledgement) {
        Map<Long, Map<String, Ack>> firstByServerByEpoch = new TreeMap<>();
        for (Ack ack : byAcknowledgement) {
            firstByServerByEpoch
                    .computeIfAbsent(ack.epoch(), epoch -> new TreeMap<>())
                    .putIfAbsent(ack.server(), ack);
        }
        List<SharedEpoch> shared = new ArrayList<>();
        firstByServerByEpoch.forEach((epoch, firstByServer) -> {
            if (firstByServer.size() > 1) {
                shared.add(new SharedEpoch(epoch, List.copyOf(firstByServer.values())));
            }
        });
        return shared;
    }

    private static List<WriteGap> faultGaps(List<Ack> byAcknowledgement, List<Fault> faults) {
        List<WriteGap> gaps = new ArrayList<>();
        for (Fault fault : faults) {
            gaps.add(gapAround(byAcknowledgement, fault));
        }
        return gaps;
    }

    /**
     * From the last acknowledgement before the fault to the first acknowledgement of a write <em>sent</em> after it.
     * Writes in flight at the fault are left out: a reply already on its way when a primary is killed is read after
     * the kill, and would otherwise make the gap look closed at once.
     */
    private static WriteGap gapAround(List<Ack> byAcknowledgement, Fault fault) {
        long from = fault.atNanos();
        long lastObserved = fault.atNanos();
        Long firstAfter = null;
        for (Ack ack : byAcknowledgement) {
            if (ack.ackedNanos() <= fault.atNanos()) {
                from = ack.ackedNanos();
            }
            if (firstAfter == null && ack.sentNanos() >= fault.atNanos()) {
                firstAfter = ack.ackedNanos();
            }
            lastObserved = Math.max(lastObserved, ack.ackedNanos());
        }
        if (firstAfter == null) {
            return new WriteGap(fault.description(), from, lastObserved, false);
        }
        return new WriteGap(fault.description(), from, firstAfter, true);
    }

    private List<WriteGap> longGaps(List<Ack> byAcknowledgement) {
        List<WriteGap> gaps = new ArrayList<>();
        long threshold = longGapThreshold.toNanos();
        for (int i = 1; i < byAcknowledgement.size(); i++) {
            long from = byAcknowledgement.get(i - 1).ackedNanos();
            long to = byAcknowledgement.get(i).ackedNanos();
            if (to - from > threshold) {
                gaps.add(new WriteGap("between acknowledgements", from, to, true));
            }
        }
        return gaps;
    }
}
