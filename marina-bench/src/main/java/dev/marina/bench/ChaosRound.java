package dev.marina.bench;

import dev.marina.control.Poll;
import dev.marina.testkit.chaos.Ack;
import dev.marina.testkit.chaos.AckLog;
import dev.marina.testkit.chaos.ChaosReport;
import dev.marina.testkit.chaos.Fault;
import dev.marina.testkit.chaos.FaultLog;
import dev.marina.testkit.chaos.ProcessFaults;
import dev.marina.testkit.chaos.RedundancyCheck;
import dev.marina.testkit.chaos.RedundancyProbe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;

/**
 * One failover round under load, the same for Marina and for the floor: writers run, the cluster is fully redundant,
 * the load flows for a random number (300 to 1,500) of further acknowledged writes, the primary is killed, and the
 * round ends once writes are acknowledged on a newer epoch (and, where measured, every member follows the new primary). The testkit's checker then finds lost
 * writes and split brain from what the clients saw and what the new primary holds; {@link EpochGap} measures the gap.
 */
final class ChaosRound {

    /** How long a recovery may take before the round reports it as unfinished. */
    static final Duration RECOVERY_TIMEOUT = Duration.ofMinutes(2);

    private static final long POLL_MILLIS = 10;
    private static final long KILL_AFTER_MIN = 300;
    private static final long KILL_AFTER_MAX = 1500;

    /** Kills the primary, records the kill, and does whatever the side under test does by hand right after. */
    @FunctionalInterface
    interface Failure {
        Fault inject(ProcessFaults faults) throws Exception;
    }

    private ChaosRound() {}

    /**
     * @param firstId the first id this round writes; rounds on one table must not reuse ids
     * @param measureRedundancy whether to wait for, and report, the time back to full redundancy
     */
    static RoundMeasurement run(LoadTarget target, long firstId, Failure failure, boolean measureRedundancy)
            throws Exception {
        FaultLog faults = new FaultLog();
        try (WriteLoad load = WriteLoad.start(target, firstId)) {
            AckLog acks = load.acks();
            target.redundancy().awaitFullRedundancy(RECOVERY_TIMEOUT);
            if (!load.awaitAcknowledged(1, RECOVERY_TIMEOUT)) {
                throw new IllegalStateException("no write was acknowledged within " + RECOVERY_TIMEOUT);
            }
            // A random moment under load: after a random number of further acknowledged writes (about 0.5 to 2 s
            // here), so that the kill lands while writes flow.
            long started = System.nanoTime();
            long killAt = acks.ackCount() + ThreadLocalRandom.current().nextLong(KILL_AFTER_MIN, KILL_AFTER_MAX + 1);
            if (!load.awaitAcknowledged(killAt, RECOVERY_TIMEOUT)) {
                throw new IllegalStateException("writes stopped before the fault, within " + RECOVERY_TIMEOUT);
            }
            double delaySeconds = (System.nanoTime() - started) / 1e9;
            Fault fault = failure.inject(new ProcessFaults(faults));
            long oldEpoch = EpochGap.epochAt(acks.acks(), fault.atNanos());
            List<String> unfinished = new ArrayList<>();
            Optional<Duration> redundancy = Optional.empty();
            if (measureRedundancy) {
                try {
                    redundancy = Optional.of(onNewerEpoch(target.redundancy(), acks, oldEpoch)
                            .awaitFullRedundancy(fault.atNanos(), RECOVERY_TIMEOUT));
                } catch (IllegalStateException e) {
                    unfinished.add(e.getMessage());
                }
            }
            // The measurement reports a gap that never closed; waiting longer would not change the verdict.
            await(() -> acknowledgedOnNewerEpoch(acks, oldEpoch));
            ChaosReport report = load.stopAndCheck(faults.faults(), redundancy);
            return RoundMeasurement.of(delaySeconds, EpochGap.around(acks.acks(), fault), report, unfinished);
        }
    }

    /** Polls {@code condition}; false when it did not hold within the recovery timeout. */
    private static boolean await(BooleanSupplier condition) {
        return Poll.until(condition, RECOVERY_TIMEOUT, Duration.ofMillis(POLL_MILLIS));
    }

    /**
     * Full redundancy only once a write was acknowledged on a newer epoch: right after the kill, the old primary's
     * surviving backends still answer, and the cluster would look exactly as redundant as before.
     */
    private static RedundancyProbe onNewerEpoch(RedundancyProbe probe, AckLog acks, long oldEpoch) {
        return () -> {
            boolean failedOver = acknowledgedOnNewerEpoch(acks, oldEpoch);
            RedundancyCheck check = probe.check();
            if (failedOver) {
                return check;
            }
            List<String> missing = new ArrayList<>(check.missing());
            missing.add("no write was acknowledged on an epoch after " + oldEpoch + " yet");
            return new RedundancyCheck(missing);
        };
    }

    private static boolean acknowledgedOnNewerEpoch(AckLog acks, long oldEpoch) {
        List<Ack> all = acks.acks();
        // Newest first: after a recovery the write looked for is near the end.
        for (int index = all.size() - 1; index >= 0; index--) {
            if (all.get(index).epoch() > oldEpoch) {
                return true;
            }
        }
        return false;
    }
}
