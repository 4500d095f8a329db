package dev.marina.operator.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.marina.control.engine.MemberPlan;
import dev.marina.control.engine.MemberPlan.PlannedFile;
import dev.marina.control.engine.RoleReport;
import dev.marina.control.engine.Topology;
import dev.marina.control.member.MemberContext;
import dev.marina.control.runtime.RuntimeFailure;
import dev.marina.engine.postgresql.LocalCluster;
import dev.marina.engine.postgresql.PostgresEngine;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Two PostgreSQL 15 members, each in a pod of its own (the agent in this JVM on loopback, the engine as the
 * unprivileged engine user), driven only through the agents' HTTP API the way the operator drives them: initialise,
 * start, clone a replica, write files at once, promote the replica, rewind the old primary after a clean stop, fence
 * it, and watch the rewind of the crashed replica it then is fail with PostgreSQL's reason.
 */
class AgentPostgresTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Test
    void theOperatorRunsAClusterThroughTheAgents() throws IOException {
        try (LocalCluster cluster = LocalCluster.create("ag", 2)) {
            PostgresEngine engine = cluster.engine();
            MemberContext first = cluster.member(0);
            MemberContext second = cluster.member(1);
            Topology firstPrimary = LocalCluster.topology(first);
            List<String> credentials = engine.credentialNames();
            try (TestPod pod0 = TestPod.start(first, engine.render(first, firstPrimary), credentials);
                    TestPod pod1 = TestPod.start(second, engine.render(second, firstPrimary), credentials)) {
                // A new volume: the pod starts no engine, and says why.
                assertThat(pod0.client().state().running()).isFalse();
                assertThat(pod0.client().state().detail())
                        .contains("no data in " + first.layout().data());
                assertThat(pod0.client().ready()).isFalse();

                assertThat(pod0.remote().hasData()).isFalse();
                pod0.remote().initialize();
                assertThat(pod0.remote().hasData()).isTrue();
                EngineState started = pod0.client().start(first, engine.render(first, firstPrimary));
                assertThat(started.running()).isTrue();
                await("the first member is ready").atMost(TIMEOUT).until(pod0.client()::ready);
                engine.initializeCluster(first);

                engine.prepareReplica(first, second);
                pod1.remote().cloneFrom(first);
                pod1.client().start(second, engine.render(second, firstPrimary));
                awaitRole(engine, second, "replica", 1);
                await("the replica is ready").atMost(TIMEOUT).until(pod1.client()::ready);

                // Data actions that would pull the data from under a running engine are refused.
                assertThatThrownBy(() -> pod1.remote().wipe())
                        .isInstanceOf(RuntimeFailure.class)
                        .hasMessageContaining("HTTP 409")
                        .hasMessageContaining("refused while its engine runs");
                assertThat(pod1.remote().hasData()).isTrue();

                // Files of a new plan land at once, and nothing restarts.
                long replicaPid = pod1.client().state().pid();
                MemberPlan plan = engine.render(second, firstPrimary);
                Map<String, PlannedFile> files = new TreeMap<>(plan.files());
                Path note = second.layout().config().resolve("note.conf");
                files.put(note.toString(), new PlannedFile("# written at once\n", true));
                pod1.client()
                        .writeFiles(
                                second,
                                new MemberPlan(
                                        plan.command(),
                                        plan.environment(),
                                        files,
                                        plan.absentFiles(),
                                        plan.stopSignal()));
                assertThat(note).hasContent("# written at once");
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(note)))
                        .isEqualTo("rw-------");
                assertThat(pod1.client().state().pid()).isEqualTo(replicaPid);

                // Failover: the replica is promoted, the old primary stopped cleanly, rewound and started as replica.
                engine.promote(second);
                EngineState stopped = pod0.client().stop("INT", Duration.ofSeconds(20));
                assertThat(stopped.running()).isFalse();
                assertThat(stopped.exitCode()).hasValue(0);
                OptionalLong position = pod0.remote().stoppedPosition();
                assertThat(position).isPresent();
                assertThat(position.getAsLong()).isPositive();
                engine.prepareReplica(second, first);
                pod0.remote().rewindFrom(second);
                Topology secondPrimary = LocalCluster.topology(second);
                pod0.client().start(first, engine.render(first, secondPrimary));
                awaitRole(engine, first, "replica", 2);

                // Fencing: once kill returns, nothing of the member runs.
                long postmaster = pod0.client().state().pid();
                List<Long> tree = new ArrayList<>();
                tree.add(postmaster);
                ProcessHandle.of(postmaster)
                        .ifPresent(handle -> handle.descendants().forEach(child -> tree.add(child.pid())));
                assertThat(tree).hasSizeGreaterThan(1);
                EngineState killed = pod0.client().kill();
                assertThat(killed.running()).isFalse();
                assertThat(tree).noneMatch(AgentPostgresTest::lives);
                assertThat(accepts(first)).isFalse();
                assertThat(pod0.client().ready()).isFalse();

                // A crashed replica cannot be rewound: the failure carries PostgreSQL's reason, and the control core
                // wipes and clones it.
                assertThatThrownBy(() -> pod0.remote().rewindFrom(second))
                        .isInstanceOf(RuntimeFailure.class)
                        .hasMessageContaining(first.name())
                        .hasMessageContaining("standby mode is not supported by single-user servers");
                pod0.remote().wipe();
                assertThat(pod0.remote().hasData()).isFalse();

                assertThat(pod1.client().logs(200)).contains("database system is ready to accept");
                // The replica, now primary, stops with the pod's SIGTERM.
                pod1.terminate();
                assertThat(accepts(second)).isFalse();
            }
        }
    }

    private static void awaitRole(PostgresEngine engine, MemberContext member, String role, long epoch) {
        await(member.name() + " is a streaming " + role + " on timeline " + epoch)
                .atMost(TIMEOUT)
                .until(() -> {
                    Optional<RoleReport> report = engine.probe(member);
                    return report.isPresent()
                            && report.get().role().equals(role)
                            && report.get().epoch() == epoch
                            && report.get().streaming();
                });
    }

    /** Alive and not a zombie (a killed process that its new parent has not reaped yet is dead). */
    private static boolean lives(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean accepts(MemberContext member) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(member.endpoint().host(), onlyPort(member)), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A PostgreSQL member listens on one port. */
    private static int onlyPort(MemberContext member) {
        assertThat(member.endpoint().ports()).hasSize(1);
        return member.endpoint().ports().values().iterator().next();
    }
}
