package dev.marina.bench;

import dev.marina.testkit.chaos.Ack;
import dev.marina.testkit.chaos.Fault;
import java.util.List;

/**
 * The stretch of refused writes around a failover, as the clients lived it: from the last acknowledgement on the old
 * primary's epoch to the first on a newer one. The testkit's fault gap ends at the first acknowledgement of a write
 * <em>sent</em> after the kill, which can come from the old primary itself: kill -9 of a postmaster leaves its
 * backends and WAL senders running until they notice, and one of them may still commit a write (with a synchronous
 * standby's confirmation) a few milliseconds after the kill. That would close the testkit's gap before any failover
 * happened.
 *
 * @param fromNanos the last acknowledgement on the old epoch before {@code toNanos}
 * @param toNanos the first acknowledgement on a newer epoch, or the last one observed when {@code closed} is false
 * @param closed whether any write was acknowledged on a newer epoch
 * @param oldEpochAfterFault writes sent after the kill and still acknowledged on the old epoch
 */
record EpochGap(long fromNanos, long toNanos, boolean closed, int oldEpochAfterFault) {

    static EpochGap around(List<Ack> acks, Fault fault) {
        long oldEpoch = epochAt(acks, fault.atNanos());
        Long firstNewer = null;
        long lastObserved = fault.atNanos();
        for (Ack ack : acks) {
            lastObserved = Math.max(lastObserved, ack.ackedNanos());
            if (ack.epoch() > oldEpoch && (firstNewer == null || ack.ackedNanos() < firstNewer)) {
                firstNewer = ack.ackedNanos();
            }
        }
        long to = firstNewer == null ? lastObserved : firstNewer;
        // Every acknowledgement before the kill is on the old epoch, so this finds the last one before it too.
        Long from = null;
        int oldEpochAfterFault = 0;
        for (Ack ack : acks) {
            if (ack.epoch() > oldEpoch) {
                continue;
            }
            if (ack.ackedNanos() <= to && (from == null || ack.ackedNanos() > from)) {
                from = ack.ackedNanos();
            }
            if (ack.sentNanos() >= fault.atNanos()) {
                oldEpochAfterFault++;
            }
        }
        return new EpochGap(from == null ? fault.atNanos() : from, to, firstNewer != null, oldEpochAfterFault);
    }
    /** The newest epoch acknowledged at or before {@code nanos}; 0 when nothing was acknowledged yet. */
    static long epochAt(List<Ack> acks, long nanos) {
        long epoch = 0;
        for (Ack ack : acks) {
            if (ack.ackedNanos() <= nanos) {
                epoch = Math.max(epoch, ack.epoch());
            }
        }
        return epoch;
    }

    double seconds() {
        return (toNanos - fromNanos) / 1e9;
    }
}
