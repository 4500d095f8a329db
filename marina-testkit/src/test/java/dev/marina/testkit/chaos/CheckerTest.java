package dev.marina.testkit.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.marina.testkit.chaos.ChaosReport.StaleWrite;
import dev.marina.testkit.chaos.ChaosReport.WriteGap;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CheckerTest {

    private static final String OLD_PRIMARY = "127.0.0.1:20000";
    private static final String NEW_PRIMARY = "127.0.0.1:20001";

    private final Checker checker = new Checker(Duration.ofSeconds(1));

    @Test
    void failoverThatKeepsEveryAcknowledgedWriteIsClean() {
        List<Ack> acks = List.of(
                ack(1, OLD_PRIMARY, 1, 0, 10),
                ack(2, OLD_PRIMARY, 1, 10, 20),
                ack(3, OLD_PRIMARY, 1, 20, 30),
                ack(5, NEW_PRIMARY, 2, 900, 910),
                ack(6, NEW_PRIMARY, 2, 910, 920));
        Fault kill = new Fault("kill -9 of the primary", millis(35));

        // Id 4 failed on the client but committed: allowed, and counted.
        ChaosReport report =
                checker.check(acks, List.of(kill), Set.of(1L, 2L, 3L, 4L, 5L, 6L), Optional.of(Duration.ofSeconds(3)));

        assertThat(report.problems()).isEmpty();
        assertThat(report.isClean()).isTrue();
        assertThat(report.acknowledged()).isEqualTo(5);
        assertThat(report.presentWithoutAck()).isEqualTo(1);
        assertThat(report.faultGaps())
                .containsExactly(new WriteGap("kill -9 of the primary", millis(30), millis(910), true));
        assertThat(report.timeToFullRedundancy()).contains(Duration.ofSeconds(3));
    }

    @Test
    void acknowledgedWriteMissingAfterRecoveryIsLost() {
        List<Ack> acks = List.of(ack(1, OLD_PRIMARY, 1, 0, 10), ack(2, OLD_PRIMARY, 1, 10, 20));

        ChaosReport report = checker.check(acks, List.of(), Set.of(1L), Optional.empty());

        assertThat(report.lost()).containsExactly(2L);
        assertThat(report.isClean()).isFalse();
        assertThat(report.problems()).containsExactly("1 acknowledged write(s) are missing: ids [2]");
    }

    @Test
    void oldPrimaryCommittingAfterTheNewOneAcknowledgedIsSplitBrain() {
        Ack newer = ack(3, NEW_PRIMARY, 2, 90, 100);
        Ack stale = ack(4, OLD_PRIMARY, 1, 110, 115);
        List<Ack> acks = List.of(ack(1, OLD_PRIMARY, 1, 0, 10), newer, stale, ack(5, NEW_PRIMARY, 2, 120, 130));

        ChaosReport report = checker.check(acks, List.of(), Set.of(1L, 3L, 4L, 5L), Optional.empty());

        assertThat(report.staleWrites()).containsExactly(new StaleWrite(stale, newer, 1));
        assertThat(report.isClean()).isFalse();
        assertThat(report.problems())
                .singleElement()
                .asString()
                .startsWith("split brain: 1 write(s) acknowledged by 127.0.0.1:20000 on epoch 1 were sent after"
                        + " 127.0.0.1:20001 had acknowledged id 3 on epoch 2");
    }

    @Test
    void writesInFlightOnBothSidesOfASwitchAreNotSplitBrain() {
        // Thread A's write to the old primary was sent before thread B's write to the new one was acknowledged, so
        // the old primary may have committed first: the intervals overlap and nothing can be concluded.
        List<Ack> acks = List.of(
                ack(1, OLD_PRIMARY, 1, 0, 10),
                ack(2, OLD_PRIMARY, 1, 90, 120),
                ack(3, NEW_PRIMARY, 2, 95, 100),
                // Sent at the very nanosecond the newer write was acknowledged: still not after it.
                ack(4, OLD_PRIMARY, 1, 100, 130),
                ack(5, NEW_PRIMARY, 2, 130, 140));

        ChaosReport report = checker.check(acks, List.of(), Set.of(1L, 2L, 3L, 4L, 5L), Optional.empty());

        assertThat(report.staleWrites()).isEmpty();
        assertThat(report.isClean()).isTrue();
    }

    @Test
    void twoServersAcknowledgingOnOneEpochIsSplitBrain() {
        Ack first = ack(1, OLD_PRIMARY, 1, 0, 10);
        Ack other = ack(2, NEW_PRIMARY, 1, 20, 30);
        List<Ack> acks = List.of(first, other, ack(3, NEW_PRIMARY, 1, 40, 50));

        ChaosReport report = checker.check(acks, List.of(), Set.of(1L, 2L, 3L), Optional.empty());

        assertThat(report.sharedEpochs()).singleElement().satisfies(shared -> {
            assertThat(shared.epoch()).isEqualTo(1);
            assertThat(shared.examples()).containsExactly(first, other);
        });
        assertThat(report.problems())
                .containsExactly("split brain: servers 127.0.0.1:20000 (id 1), 127.0.0.1:20001 (id 2) all"
                        + " acknowledged writes on epoch 1");
    }

    @Test
    void gapsAreMeasuredFromTheLastAckBeforeAFaultToTheFirstWriteSentAfterIt() {
        List<Ack> acks = List.of(
                ack(1, OLD_PRIMARY, 1, 0, 10),
                ack(2, OLD_PRIMARY, 1, 30, 40),
                // In flight at the kill: its reply is read after the fault, but the database was already gone.
                ack(3, OLD_PRIMARY, 1, 45, 52),
                ack(4, NEW_PRIMARY, 2, 2000, 2050),
                ack(5, NEW_PRIMARY, 2, 2060, 2070));
        Fault kill = new Fault("kill", millis(50));
        Fault replicaKill = new Fault("replica kill", millis(2055));
        Fault lastKill = new Fault("last kill", millis(3000));

        ChaosReport report =
                checker.check(acks, List.of(kill, replicaKill, lastKill), Set.of(1L, 2L, 3L, 4L, 5L), Optional.empty());

        assertThat(report.faultGaps())
                .containsExactly(
                        new WriteGap("kill", millis(40), millis(2050), true),
                        new WriteGap("replica kill", millis(2050), millis(2070), true),
                        new WriteGap("last kill", millis(2070), millis(3000), false));
        assertThat(report.faultGaps().get(0).seconds()).isCloseTo(2.010, within(1e-9));
        assertThat(report.longGaps())
                .containsExactly(new WriteGap("between acknowledgements", millis(52), millis(2050), true));
        assertThat(report.longestFaultGap()).contains(report.faultGaps().get(0));
        assertThat(report.problems()).containsExactly("writes did not come back after last kill");
    }

    @Test
    void runWithoutAcknowledgedWritesIsNotClean() {
        ChaosReport report = checker.check(List.of(), List.of(), Set.of(), Optional.empty());

        assertThat(report.problems()).containsExactly("no write was acknowledged at all");
    }

    private static Ack ack(long id, String server, long epoch, long sentMillis, long ackedMillis) {
        return new Ack(id, server, epoch, millis(sentMillis), millis(ackedMillis));
    }

    private static long millis(long millis) {
        return millis * 1_000_000;
    }
}
