package dev.marina.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.marina.api.AvailabilitySpec;
import dev.marina.api.ClusterSpec;
import dev.marina.api.ComponentSpec;
import dev.marina.control.engine.MemberPlan;
import dev.marina.control.engine.RoleReport;
import dev.marina.control.engine.Topology;
import dev.marina.control.member.Credentials;
import dev.marina.control.member.Endpoint;
import dev.marina.control.member.MemberContext;
import dev.marina.control.member.MemberIdentity;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FakeEngineTest {

    private final FakeEngine engine = new FakeEngine();
    private final FakeRuntime runtime = FakeRuntime.connectedTo(engine);
    private final MemberContext first = member(0, Map.of());
    private final MemberContext second = member(1, Map.of());

    @Test
    void renderIsDeterministicAndNamesThePrimaryAndTheSynchronousStandbys() {
        Topology topology = new Topology(Optional.of(first), List.of(second.name()), true);

        MemberPlan plan = engine.render(second, topology);

        assertThat(engine.render(member(1, Map.of()), topology)).isEqualTo(plan);
        assertThat(engine.render(member(1, Map.of()), topology).hash()).isEqualTo(plan.hash());
        assertThat(content(plan, FakeEngine.CONFIG_FILE))
                .contains("role = replica", "primary = demo-db-0", "synchronous_standbys = demo-db-1", "port = 20001");
        assertThat(plan.files()).containsKey(standbySignal(second));
        assertThat(engine.render(first, topology).absentFiles()).containsExactly(standbySignal(first));
    }

    @Test
    void topologyAndSettingsChangeTheHash() {
        Topology topology = new Topology(Optional.of(first), List.of(second.name()), true);
        String hash = engine.render(first, topology).hash();

        assertThat(engine.render(first, new Topology(Optional.of(first), List.of(), true))
                        .hash())
                .isNotEqualTo(hash);
        assertThat(engine.render(first, new Topology(Optional.of(second), List.of(), true))
                        .hash())
                .isNotEqualTo(hash);
        assertThat(engine.render(member(0, Map.of("work_mem", "8MB")), topology).hash())
                .isNotEqualTo(hash);
    }

    @Test
    void initializedMemberIsTheWritablePrimaryAndACloneStreamsFromIt() {
        start(first);
        runtime.agent(engine, first).initialize();
        runtime.agent(engine, second).cloneFrom(first);
        start(second);

        assertThat(engine.probe(first)).contains(new RoleReport("primary", true, 1, 1000, 1000, false));
        assertThat(engine.probe(second)).contains(new RoleReport("replica", false, 1, 1000, 1000, true));
        assertThat(engine.calls())
                .containsExactly(
                        new FakeEngine.Call("initialize", List.of("demo-db-0")),
                        new FakeEngine.Call("cloneFrom", List.of("demo-db-1", "demo-db-0")));
        assertThat(runtime.host(first.name()).directories())
                .containsKey(first.layout().data());
    }

    @Test
    void positionsMoveAndAReplicaCanBeHeldBack() {
        start(first);
        start(second);
        runtime.agent(engine, first).initialize();
        runtime.agent(engine, second).cloneFrom(first);

        engine.advance("demo", 500);
        engine.holdReplay(second.name(), 1200);

        assertThat(engine.probe(first).orElseThrow().writePosition()).isEqualTo(1500);
        assertThat(engine.probe(second).orElseThrow().replayPosition()).isEqualTo(1200);
        engine.release(second.name());
        assertThat(engine.probe(second).orElseThrow().replayPosition()).isEqualTo(1500);
    }

    @Test
    void stoppedOrSilentMembersAndMembersWithoutDataDoNotAnswer() {
        start(first);
        assertThat(engine.probe(first)).as("no data yet").isEmpty();
        runtime.agent(engine, first).initialize();
        assertThat(engine.probe(first)).isPresent();

        engine.answering(first.name(), false);
        assertThat(engine.probe(first)).isEmpty();
        engine.answering(first.name(), true);
        runtime.kill(first.name());
        assertThat(engine.probe(first)).isEmpty();
    }

    @Test
    void replicaOfAStoppedPrimaryDoesNotStream() {
        start(first);
        start(second);
        runtime.agent(engine, first).initialize();
        runtime.agent(engine, second).cloneFrom(first);

        runtime.kill(first.name());

        assertThat(engine.probe(second).orElseThrow().streaming()).isFalse();
    }

    @Test
    void promotionMovesThePrimaryToANewEpoch() {
        start(first);
        start(second);
        runtime.agent(engine, first).initialize();
        runtime.agent(engine, second).cloneFrom(first);

        engine.promote("demo", second.name());

        assertThat(engine.probe(second).orElseThrow().writable()).isTrue();
        assertThat(engine.probe(second).orElseThrow().epoch()).isEqualTo(2);
        assertThat(engine.probe(first).orElseThrow().writable()).isFalse();
        assertThat(engine.primary("demo")).contains(second.name());
    }

    @Test
    void wipedOrRemovedDataIsGone() {
        runtime.agent(engine, first).initialize();
        runtime.agent(engine, second).cloneFrom(first);

        runtime.agent(engine, second).wipe();
        runtime.removeStorage(first.identity());

        assertThat(runtime.agent(engine, first).hasData()).isFalse();
        assertThat(runtime.agent(engine, second).hasData()).isFalse();
        assertThatThrownBy(() -> runtime.agent(engine, second).cloneFrom(first))
                .hasMessageContaining("the source has no data");
    }

    @Test
    void failNextFailsExactlyOneCall() {
        engine.failNext("initializeCluster", "connection refused");

        assertThatThrownBy(() -> engine.initializeCluster(first)).hasMessage("connection refused");
        engine.initializeCluster(first);

        assertThat(engine.calls("initializeCluster")).hasSize(2);
    }

    @Test
    void reloadReportsTheSettingsThatNeedARestart() {
        assertThat(engine.reload(first)).isEmpty();

        engine.restartPending(List.of("shared_buffers"));

        assertThat(engine.reload(first)).containsExactly("shared_buffers");
    }

    private void start(MemberContext member) {
        runtime.start(member, engine.render(member, new Topology(Optional.empty(), List.of(), false)));
    }

    private MemberContext member(int ordinal, Map<String, String> config) {
        ClusterSpec spec = new ClusterSpec(
                FakeEngine.NAME,
                "1",
                Map.of(FakeEngine.COMPONENT, new ComponentSpec(3, config, null, null)),
                new AvailabilitySpec(true, "automatic", null, null, null),
                false);
        MemberIdentity identity = new MemberIdentity("demo", FakeEngine.COMPONENT, ordinal);
        return new MemberContext(
                spec,
                identity,
                new Endpoint(identity.name(), Map.of(FakeEngine.PORT, 20000 + ordinal)),
                runtime.layout(identity),
                new Credentials(Map.of(FakeEngine.SUPERUSER, "s3cret", FakeEngine.APPLICATION, "app-secret")));
    }

    private static String standbySignal(MemberContext member) {
        return member.layout().data().resolve(FakeEngine.STANDBY_SIGNAL).toString();
    }

    private static String content(MemberPlan plan, String fileName) {
        return plan.files().entrySet().stream()
                .filter(entry -> entry.getKey().endsWith("/" + fileName))
                .findFirst()
                .orElseThrow()
                .getValue()
                .content();
    }
}
