package dev.marina.engine.postgresql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.marina.control.engine.Topology;
import dev.marina.control.member.MemberContext;
import dev.marina.control.runtime.RuntimeFailure;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A replica that crashed with the primary (a host lost both) was not shut down cleanly and still carries the standby
 * marker. pg_rewind would have to finish its crash recovery in single-user mode, which cannot run a standby; run as
 * a primary, that recovery would write a checkpoint at the end of the replica's WAL, and where that end lies before
 * the fork pg_rewind would miss the divergence. So the rewind fails, says why, and wipe + clone brings it back.
 */
class CrashedReplicaRewindTest {

    @Test
    void rewindOfACrashedReplicaFailsWithItsCauseAndCloneBringsItBack() throws IOException {
        try (LocalCluster cluster = LocalCluster.create("cr", 3)) {
            MemberContext oldPrimary = cluster.member(0);
            MemberContext candidate = cluster.member(1);
            MemberContext crashed = cluster.member(2);
            Topology first = LocalCluster.topology(oldPrimary, candidate, crashed);
            cluster.bootstrap(oldPrimary);
            cluster.cloneReplica(candidate, oldPrimary, first);
            cluster.cloneReplica(crashed, oldPrimary, first);
            cluster.reconfigure(oldPrimary, first);
            MemberSql.createRowsTable(oldPrimary);
            Set<Long> committed = new HashSet<>();
            for (int i = 0; i < 10; i++) {
                committed.add(MemberSql.insert(oldPrimary, "before the crash"));
            }
            cluster.awaitCaughtUp(crashed, oldPrimary);

            Signals.kill(cluster.pid(crashed));
            Signals.kill(cluster.pid(oldPrimary));
            cluster.runtime().fence(crashed);
            cluster.runtime().fence(oldPrimary);
            Topology promoted = LocalCluster.topology(candidate, crashed);
            cluster.reconfigure(candidate, promoted);
            cluster.engine().prepareReplica(candidate, crashed);
            cluster.engine().promote(candidate);

            assertThatThrownBy(() -> cluster.agent(crashed).rewindFrom(candidate))
                    .isInstanceOf(RuntimeFailure.class)
                    .hasMessageContaining(crashed.name())
                    .hasMessageContaining("standby mode is not supported by single-user servers");
            assertThat(crashed.layout().data().resolve("standby.signal")).exists();

            cluster.agent(crashed).wipe();
            cluster.cloneReplica(crashed, candidate, promoted);
            cluster.awaitStreaming(crashed, candidate, 2);
            committed.add(MemberSql.insert(candidate, "after the clone"));
            cluster.awaitCaughtUp(crashed, candidate);
            assertThat(MemberSql.rowIds(crashed)).containsExactlyInAnyOrderElementsOf(committed);
            assertThat(cluster.writableMembers()).containsExactly(candidate.name());
        }
    }
}
