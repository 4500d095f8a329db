package dev.marina.engine.postgresql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.marina.control.member.MemberContext;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Fencing and leftovers on a real PostgreSQL member. PostgreSQL makes every process it starts the leader of a session
 * of its own, so the postmaster's process group holds the postmaster alone: freezing that group freezes only the
 * postmaster, and a member is frozen whole only by stopping each of its processes.
 */
class FenceTest {

    @Test
    void fenceKillsAFrozenMemberAndItsDataStartsAgain() throws IOException {
        try (LocalCluster cluster = LocalCluster.create("fz", 1)) {
            MemberContext member = cluster.member(0);
            long row = startWithOneRow(cluster, member);

            freeze(member);
            Stopwatch fence = Stopwatch.start();
            cluster.runtime().fence(member);
            fence.report("fence of a frozen member (every process stopped)");
            assertNothingRuns(cluster, member);
            // Fencing what is already fenced changes nothing and returns at once.
            cluster.runtime().fence(member);

            cluster.start(member, LocalCluster.topology(member));
            cluster.awaitMember(member, "accepts writes", () -> MemberSql.writable(member));
            assertThat(MemberSql.rowIds(member)).containsExactly(row);
        }
    }

    @Test
    void fenceKillsAMemberWhoseProcessGroupIsFrozen() throws IOException {
        try (LocalCluster cluster = LocalCluster.create("fg", 1)) {
            MemberContext member = cluster.member(0);
            startWithOneRow(cluster, member);
            long group = cluster.pid(member);

            Signals.stopGroup(group);
            Stopwatch fence = Stopwatch.start();
            cluster.runtime().fence(member);
            fence.report("fence of a member whose process group is stopped (kill -STOP -- -pgid)");
            assertNothingRuns(cluster, member);
            assertThat(ProcessTable.ofGroup(group)).isEmpty();
        }
    }

    @Test
    void startKillsWhatACrashedPostmasterLeftBehind() throws IOException {
        try (LocalCluster cluster = LocalCluster.create("lo", 1)) {
            MemberContext member = cluster.member(0);
            long row = startWithOneRow(cluster, member);
            long postmaster = cluster.pid(member);

            // Frozen children cannot notice that their postmaster died: they stay, attached to the data.
            List<Long> children =
                    freeze(member).stream().filter(pid -> pid != postmaster).toList();
            Signals.kill(postmaster);
            await(member.name() + " postmaster gone")
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> !cluster.runtime().observe(member).running());
            assertThat(children).isNotEmpty();
            assertThat(living(member)).containsAll(children);

            cluster.start(member, LocalCluster.topology(member));
            cluster.awaitMember(member, "accepts writes", () -> MemberSql.writable(member));
            assertThat(living(member)).doesNotContainAnyElementsOf(children);
            assertThat(MemberSql.rowIds(member)).containsExactly(row);
        }
    }

    private static long startWithOneRow(LocalCluster cluster, MemberContext member) {
        cluster.bootstrap(member);
        MemberSql.createRowsTable(member);
        return MemberSql.insertLocally(member, "before the trouble");
    }

    /** Stops every process of the member, the postmaster first; returns the pids of those frozen. */
    private static List<Long> freeze(MemberContext member) {
        Signals.stop(living(member));
        await("every process of " + member.name() + " stopped")
                .atMost(Duration.ofSeconds(5))
                .until(() -> ProcessTable.ofMember(member.layout().root(), member.name()).stream()
                        .allMatch(process -> process.state() == 'T'));
        List<Long> frozen = living(member);
        assertThat(frozen).as("frozen processes of %s", member.name()).hasSizeGreaterThan(1);
        return frozen;
    }

    private static List<Long> living(MemberContext member) {
        return ProcessTable.ofMember(member.layout().root(), member.name()).stream()
                .map(ProcessTable.Entry::pid)
                .toList();
    }

    private static void assertNothingRuns(LocalCluster cluster, MemberContext member) {
        assertThat(ProcessTable.ofMember(member.layout().root(), member.name()))
                .as("processes of %s after fence returned", member.name())
                .isEmpty();
        assertThat(cluster.runtime().observe(member).running()).isFalse();
    }
}
