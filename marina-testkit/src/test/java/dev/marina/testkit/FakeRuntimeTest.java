package dev.marina.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.marina.api.ClusterSpec;
import dev.marina.api.ComponentSpec;
import dev.marina.control.engine.MemberPlan;
import dev.marina.control.engine.MemberPlan.PlannedFile;
import dev.marina.control.member.Credentials;
import dev.marina.control.member.Endpoint;
import dev.marina.control.member.MemberContext;
import dev.marina.control.member.MemberIdentity;
import dev.marina.control.runtime.ProcessState;
import dev.marina.control.runtime.RuntimeFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FakeRuntimeTest {

    private static final MemberIdentity IDENTITY = new MemberIdentity("demo", "db", 0);
    private static final MemberPlan PLAN = new MemberPlan(
            List.of("fakedb"),
            Map.of(),
            Map.of("/m/conf/a.conf", new PlannedFile("a", false), "/m/data/standby.signal", new PlannedFile("", false)),
            List.of(),
            "TERM");
    private static final MemberPlan PRIMARY_PLAN = new MemberPlan(
            List.of("fakedb"),
            Map.of(),
            Map.of("/m/conf/a.conf", new PlannedFile("b", false)),
            List.of("/m/data/standby.signal"),
            "INT");

    private final FakeRuntime runtime = new FakeRuntime();
    private final MemberContext member = new MemberContext(
            new ClusterSpec("fake", "1", Map.of("db", new ComponentSpec(1, Map.of(), null, null)), null, false),
            IDENTITY,
            new Endpoint("demo-db-0", Map.of("db", 20000)),
            runtime.layout(IDENTITY),
            new Credentials(Map.of()));

    @Test
    void startRunsAProcessOnceAndWritesThePlansFiles() {
        ProcessState started = runtime.start(member, PLAN);
        ProcessState again = runtime.start(member, PRIMARY_PLAN);

        assertThat(started.running()).isTrue();
        assertThat(again.pid()).isEqualTo(started.pid());
        assertThat(runtime.observe(member)).isEqualTo(ProcessState.running(started.pid()));
        assertThat(runtime.files("demo-db-0")).containsEntry("/m/conf/a.conf", "a");
        assertThat(runtime.targets("start")).containsExactly("demo-db-0", "demo-db-0");
    }

    @Test
    void writeFilesRemovesTheFilesAMemberMustNotHave() {
        runtime.start(member, PLAN);

        runtime.writeFiles(member, PRIMARY_PLAN);

        assertThat(runtime.files("demo-db-0")).containsExactly(Map.entry("/m/conf/a.conf", "b"));
        assertThat(runtime.lastPlan("demo-db-0")).contains(PRIMARY_PLAN);
    }

    @Test
    void stopAndKillEndTheProcessAndANewStartGetsANewPid() {
        long first = runtime.start(member, PLAN).pid();
        runtime.stop(member, PLAN);
        assertThat(runtime.observe(member)).isEqualTo(ProcessState.stopped("stopped with SIGTERM"));

        long second = runtime.start(member, PLAN).pid();
        runtime.kill("demo-db-0");

        assertThat(second).isGreaterThan(first);
        assertThat(runtime.observe(member).running()).isFalse();
        assertThat(runtime.observe(member).detail()).contains("SIGKILL");
        assertThat(runtime.targets("stop")).containsExactly("demo-db-0");
        assertThat(runtime.logs(IDENTITY, 1)).contains("killed");
    }

    @Test
    void refusedStartFailsUntilAllowed() {
        runtime.refuseStarts("demo-db-0", "port taken");

        assertThatThrownBy(() -> runtime.start(member, PLAN))
                .isInstanceOf(RuntimeFailure.class)
                .hasMessageContaining("demo-db-0")
                .hasMessageContaining("port taken");
        assertThat(runtime.isRunning("demo-db-0")).isFalse();

        runtime.allowStarts("demo-db-0");
        runtime.start(member, PLAN);

        assertThat(runtime.isRunning("demo-db-0")).isTrue();
        assertThat(runtime.targets("start")).hasSize(2);
    }

    @Test
    void refusedStopLeavesTheProcessRunningUntilAllowed() {
        runtime.start(member, PLAN);
        runtime.refuseStops("demo-db-0", "kubelet unreachable");

        assertThatThrownBy(() -> runtime.stop(member, PLAN))
                .isInstanceOf(RuntimeFailure.class)
                .hasMessageContaining("kubelet unreachable");
        assertThat(runtime.isRunning("demo-db-0")).isTrue();

        runtime.allowStops("demo-db-0");
        runtime.stop(member, PLAN);

        assertThat(runtime.isRunning("demo-db-0")).isFalse();
    }

    @Test
    void refusedPortsFailEveryAllocationUntilCleared() {
        runtime.refusePorts("no free port");

        assertThatThrownBy(() -> runtime.allocatePorts(IDENTITY, List.of("db"), Set.of()))
                .isInstanceOf(RuntimeFailure.class)
                .hasMessage("no free port");

        runtime.refusePorts(null);
        assertThat(runtime.allocatePorts(IDENTITY, List.of("db"), Set.of())).containsKey("db");
    }

    @Test
    void portsAvoidReservedAndAlreadyGivenOnes() {
        Map<String, Integer> first = runtime.allocatePorts(IDENTITY, List.of("db", "metrics"), Set.of(20000));
        Map<String, Integer> second =
                runtime.allocatePorts(new MemberIdentity("demo", "db", 1), List.of("db"), Set.of(20003));

        assertThat(first).containsExactly(Map.entry("db", 20001), Map.entry("metrics", 20002));
        assertThat(second).containsExactly(Map.entry("db", 20004));
    }

    @Test
    void removedStorageTakesTheFilesAndTellsTheListeners() {
        List<MemberIdentity> removed = new ArrayList<>();
        runtime.onStorageRemoved(removed::add);
        runtime.start(member, PLAN);
        runtime.stop(member, PLAN);

        runtime.removeStorage(IDENTITY);

        assertThat(runtime.files("demo-db-0")).isEmpty();
        assertThat(removed).containsExactly(IDENTITY);
        assertThat(runtime.targets("removeStorage")).containsExactly("demo-db-0");
    }
}
