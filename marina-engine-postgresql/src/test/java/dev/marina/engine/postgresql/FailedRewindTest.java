package dev.marina.engine.postgresql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.marina.control.engine.MemberAgent;
import dev.marina.control.engine.Topology;
import dev.marina.control.member.MemberContext;
import dev.marina.control.runtime.RuntimeFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A rewind that cannot work must say which member could not be rewound, so that the caller wipes and clones that
 * member; and the wipe and clone must then work.
 */
class FailedRewindTest {

    @Test
    void failedRewindNamesTheMemberAndWipeThenCloneRepairsIt() throws IOException {
        try (LocalCluster cluster = LocalCluster.create("rw", 2)) {
            MemberContext primary = cluster.member(0);
            MemberContext replica = cluster.member(1);
            Topology topology = LocalCluster.topology(primary, replica);
            cluster.bootstrap(primary);
            cluster.cloneReplica(replica, primary, topology);
            cluster.reconfigure(primary, topology);
            MemberSql.createRowsTable(primary);
            Set<Long> committed = new HashSet<>();
            for (int i = 0; i < 10; i++) {
                committed.add(MemberSql.insert(primary, "before the rewinds"));
            }
            cluster.stop(replica);
            MemberAgent agent = cluster.agent(replica);

            cluster.stop(primary);
            assertThatThrownBy(() -> agent.rewindFrom(primary))
                    .as("rewind from a source that does not answer")
                    .isInstanceOf(RuntimeFailure.class)
                    .hasMessageContaining(replica.name())
                    .hasMessageContaining(primary.name());
            assertThat(replica.layout().root().resolve("rewind.pgpass")).doesNotExist();
            cluster.start(primary, topology);
            cluster.awaitMember(primary, "accepts writes", () -> MemberSql.writable(primary));

            // Data of another cluster: pg_rewind itself refuses.
            agent.wipe();
            agent.initialize();
            assertThatThrownBy(() -> agent.rewindFrom(primary))
                    .as("rewind of data from another system")
                    .isInstanceOf(RuntimeFailure.class)
                    .hasMessageContaining(replica.name())
                    .hasMessageContaining("pg_rewind");
            assertThat(replica.layout().root().resolve("rewind.pgpass")).doesNotExist();

            agent.wipe();
            assertThat(Files.exists(replica.layout().data())).isFalse();
            assertThatThrownBy(() -> agent.rewindFrom(primary))
                    .as("rewind of deleted data")
                    .isInstanceOf(RuntimeFailure.class)
                    .hasMessageContaining(replica.name());

            Stopwatch clone = Stopwatch.start();
            cluster.cloneReplica(replica, primary, topology);
            cluster.awaitStreaming(replica, primary, 1);
            clone.report("clone after a failed rewind until streaming");
            committed.add(MemberSql.insert(primary, "after the clone"));
            cluster.awaitCaughtUp(replica, primary);
            assertThat(MemberSql.rowIds(replica)).containsExactlyInAnyOrderElementsOf(committed);
            assertThat(cluster.writableMembers()).containsExactly(primary.name());
        }
    }
}
