package dev.marina.testkit.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marina.testkit.chaos.PostgresMemberState.Primary;
import dev.marina.testkit.chaos.PostgresMemberState.Replica;
import dev.marina.testkit.chaos.PostgresMemberState.Unreachable;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PostgresRedundancyRulesTest {

    private static final Primary PRIMARY = new Primary("p:1", 2, 0x3000060L);

    @Test
    void replicasStreamingAndCaughtUpOnThePrimaryTimelineAreFullRedundancy() {
        List<PostgresMemberState> states = List.of(
                new Replica("r:1", "streaming", 2, 0x3000060L),
                PRIMARY,
                new Replica("r:2", "streaming", 2, 0x3000080L));

        assertThat(PostgresRedundancyRules.missing(states, Map.of())).isEmpty();
    }

    @Test
    void replicaBehindUnderLoadCountsWhileItsReplayAdvances() {
        List<PostgresMemberState> states = List.of(PRIMARY, new Replica("r:1", "streaming", 2, 0x3000010L));

        assertThat(PostgresRedundancyRules.missing(states, Map.of("r:1", 0x3000000L)))
                .isEmpty();
        assertThat(PostgresRedundancyRules.missing(states, Map.of("r:1", 0x3000010L)))
                .containsExactly(
                        "r:1 replays nothing new: it stays at 0/3000010 while primary p:1 has flushed 0/3000060");
        assertThat(PostgresRedundancyRules.missing(states, Map.of())).hasSize(1);
    }

    @Test
    void replicaThatLoopsOnAForkedOffTimelineIsNotRedundantThoughItLooksStreaming() {
        // It replayed past the fork point on timeline 1, keeps fetching timeline 1 from the new primary, and flickers
        // to "streaming" on each retry; its replay position stands still, ahead of the idle new primary.
        List<PostgresMemberState> states = List.of(PRIMARY, new Replica("r:1", "streaming", 1, 0x3000100L));

        assertThat(PostgresRedundancyRules.missing(states, Map.of("r:1", 0x3000100L)))
                .containsExactly("r:1 receives timeline 1 but primary p:1 is on timeline 2");
    }

    @Test
    void replicaWithoutAStreamingReceiverIsNotRedundant() {
        List<PostgresMemberState> states =
                List.of(PRIMARY, new Replica("r:1", "waiting", 2, 0x3000060L), new Replica("r:2", null, 0, 0x3000060L));

        assertThat(PostgresRedundancyRules.missing(states, Map.of()))
                .containsExactly(
                        "r:1 does not stream: its WAL receiver is waiting",
                        "r:2 does not stream: its WAL receiver is not running",
                        "r:2 receives timeline 0 but primary p:1 is on timeline 2");
    }

    @Test
    void exactlyOneMemberMustBeWritable() {
        assertThat(PostgresRedundancyRules.missing(List.of(PRIMARY, new Primary("p:2", 2, 0x3000060L)), Map.of()))
                .containsExactly("expected exactly one writable member, found 2: [p:1, p:2]");
        assertThat(PostgresRedundancyRules.missing(List.of(new Replica("r:1", "streaming", 2, 5)), Map.of()))
                .containsExactly("expected exactly one writable member, found 0");
    }

    @Test
    void unreachableMemberIsMissing() {
        List<PostgresMemberState> states = List.of(PRIMARY, new Unreachable("r:1", "PSQLException: refused"));

        assertThat(PostgresRedundancyRules.missing(states, Map.of()))
                .containsExactly("r:1 is unreachable: PSQLException: refused");
    }

    @Test
    void positionsAreWrittenAsPostgresqlWritesThem() {
        assertThat(PostgresRedundancyRules.lsn(0x1_0000_00A8L)).isEqualTo("1/A8");
        assertThat(PostgresRedundancyRules.lsn(-1)).isEqualTo("no position");
    }
}
