package dev.marina.engine.postgresql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marina.control.engine.Topology;
import dev.marina.control.member.MemberContext;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The failover primitives on real PostgreSQL processes, called one by one as a control plane would call them: fence
 * the crashed primary, promote a replica, repoint the other replica with a reload, rewind the old primary and let it
 * rejoin. Timings are printed to the test's output.
 */
class FailoverTest {

    @Test
    void promotedReplicaTakesOverAndTheOldPrimaryRejoinsWithEveryCommittedRow() throws IOException, SQLException {
        try (LocalCluster cluster = LocalCluster.create("fo", 3)) {
            MemberContext oldPrimary = cluster.member(0);
            MemberContext candidate = cluster.member(1);
            MemberContext other = cluster.member(2);
            Set<Long> committed = new HashSet<>();

            form(cluster, oldPrimary, candidate, other, committed);
            crashAndFence(cluster, oldPrimary);
            try (PrimaryWatch watch = PrimaryWatch.allowing(cluster, candidate.name())) {
                failOver(cluster, oldPrimary, candidate, other, committed);
                rejoin(cluster, oldPrimary, candidate, other, committed);
                PrimaryWatch.Result result = watch.stop();
                assertThat(result.checks()).isPositive();
                assertThat(result.violations()).isEmpty();
            }
        }
    }

    /** A primary, two replicas cloned through slots, commits confirmed by any one of them. */
    private static void form(
            LocalCluster cluster,
            MemberContext primary,
            MemberContext first,
            MemberContext second,
            Set<Long> committed) {
        cluster.bootstrap(primary);
        Topology topology = LocalCluster.topology(primary, first, second);
        cluster.cloneReplica(first, primary, topology);
        cluster.cloneReplica(second, primary, topology);
        cluster.reconfigure(primary, topology);
        MemberSql.createRowsTable(primary);
        for (int i = 0; i < 20; i++) {
            committed.add(MemberSql.insert(primary, "before the failover"));
        }
        // A primary writes WAL between checkpoints: the last checkpoint the members share lies segments before the
        // crash, and pg_rewind must still find it in the old primary's WAL after its crash recovery.
        MemberSql.checkpoint(primary);
        for (int segment = 0; segment < 3; segment++) {
            committed.add(MemberSql.insert(primary, "in a later WAL segment"));
            MemberSql.switchWal(primary);
        }
        committed.add(MemberSql.insert(primary, "just before the crash"));
        cluster.awaitCaughtUp(first, primary);
        cluster.awaitCaughtUp(second, primary);
        cluster.awaitStreaming(first, primary, 1);
        cluster.awaitStreaming(second, primary, 1);
        assertThat(MemberSql.timeline(primary)).isEqualTo(1);
        assertThat(cluster.writableMembers()).containsExactly(primary.name());
    }

    private static void crashAndFence(LocalCluster cluster, MemberContext primary) {
        Signals.kill(cluster.pid(primary));
        Stopwatch fence = Stopwatch.start();
        cluster.runtime().fence(primary);
        fence.report("fence of a primary killed with SIGKILL");
        assertThat(ProcessTable.ofMember(primary.layout().root(), primary.name()))
                .as("processes of %s after fence returned", primary.name())
                .isEmpty();
        assertThat(cluster.runtime().observe(primary).running()).isFalse();
        assertThat(cluster.writableMembers()).isEmpty();
    }

    private static void failOver(
            LocalCluster cluster,
            MemberContext oldPrimary,
            MemberContext candidate,
            MemberContext other,
            Set<Long> committed)
            throws SQLException {
        Topology promoted = LocalCluster.topology(candidate, other);
        cluster.reconfigure(candidate, promoted);
        cluster.engine().prepareReplica(candidate, other);
        cluster.engine().prepareReplica(candidate, oldPrimary);
        Stopwatch promote;
        try (Connection client = MemberSql.open(candidate)) {
            promote = Stopwatch.start();
            // The only synchronous standby left still follows the dead primary: a commit that waits for it would
            // wait until it is repointed, so the first write asks for a local commit only.
            FirstWrite firstWrite = FirstWrite.start(client, promote, "first write after the promotion");
            cluster.engine().promote(candidate);
            promote.report("promote() until it returned");
            FirstWrite.Accepted accepted = firstWrite.accepted();
            System.out.printf(
                    "timing promote() until a client's first write was accepted: %.1f ms%n",
                    accepted.after().toNanos() / 1_000_000.0);
            committed.add(accepted.id());
        }
        assertThat(MemberSql.timeline(candidate)).isEqualTo(2);
        assertThat(cluster.writableMembers()).containsExactly(candidate.name());
        assertThat(cluster.engine().pendingRestart(candidate))
                .as("a promoted member runs with every setting its new role renders")
                .isEmpty();

        long otherPid = cluster.pid(other);
        Stopwatch follow = Stopwatch.start();
        cluster.reconfigure(other, promoted);
        cluster.awaitStreaming(other, candidate, 2);
        follow.report("repoint of the other replica (reload) until it streams on timeline 2");
        assertThat(cluster.pid(other)).as("repointed without a restart").isEqualTo(otherPid);
        committed.add(MemberSql.insert(candidate, "first synchronous commit after the failover"));
        promote.report("promote() until the first synchronous commit was acknowledged");
        assertThat(cluster.writableMembers()).containsExactly(candidate.name());
    }

    private static void rejoin(
            LocalCluster cluster,
            MemberContext oldPrimary,
            MemberContext newPrimary,
            MemberContext other,
            Set<Long> committed) {
        Stopwatch rejoin = Stopwatch.start();
        cluster.agent(oldPrimary).rewindFrom(newPrimary);
        rejoin.report("rewindFrom() (pg_rewind of the old primary)");
        assertThat(cluster.writableMembers()).containsExactly(newPrimary.name());
        Topology all = LocalCluster.topology(newPrimary, other, oldPrimary);
        cluster.start(oldPrimary, all);
        cluster.awaitStreaming(oldPrimary, newPrimary, 2);
        rejoin.report("rewindFrom() and start until the old primary streams on timeline 2");
        cluster.reconfigure(newPrimary, all);
        assertThat(cluster.writableMembers()).containsExactly(newPrimary.name());

        committed.add(MemberSql.insert(newPrimary, "after the rejoin"));
        cluster.awaitCaughtUp(oldPrimary, newPrimary);
        cluster.awaitCaughtUp(other, newPrimary);
        assertThat(MemberSql.rowIds(oldPrimary)).containsExactlyInAnyOrderElementsOf(committed);
        assertThat(MemberSql.rowIds(other)).containsExactlyInAnyOrderElementsOf(committed);
        assertThat(MemberSql.rowIds(newPrimary)).containsExactlyInAnyOrderElementsOf(committed);
        // Slots live on the primary only: a slot the old primary kept would hold WAL on it for ever.
        assertThat(MemberSql.replicationSlots(newPrimary))
                .containsExactlyInAnyOrder(SlotNames.forMember(other.name()), SlotNames.forMember(oldPrimary.name()));
        assertThat(MemberSql.replicationSlots(oldPrimary)).isEmpty();
        assertThat(cluster.writableMembers()).containsExactly(newPrimary.name());
    }
}
