package dev.marina.engine.postgresql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marina.api.AvailabilitySpec;
import dev.marina.api.ClusterSpec;
import dev.marina.api.ComponentSpec;
import dev.marina.api.ResourcesSpec;
import dev.marina.control.engine.MemberPlan;
import dev.marina.control.engine.Topology;
import dev.marina.control.member.Credentials;
import dev.marina.control.member.Endpoint;
import dev.marina.control.member.MemberContext;
import dev.marina.control.member.MemberIdentity;
import dev.marina.control.member.MemberLayout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Member plans against checked-in golden files. To accept an intended change, run with {@code -Dgolden.update=true}
 * and review the diff.
 */
class RenderingTest {

    private static final Path GOLDEN = Path.of("src/test/resources/golden");
    private static final ClusterSpec SPEC = new ClusterSpec(
            "postgresql",
            "15",
            Map.of(
                    "postgres",
                    new ComponentSpec(
                            3,
                            Map.of("max_connections", "200", "work_mem", "8MB", "application_name", "it's quoted"),
                            new ResourcesSpec(Map.of(), Map.of("memory", "1Gi")),
                            null)),
            new AvailabilitySpec(true, "automatic", null, null, null),
            false);
    private static final Credentials CREDENTIALS = new Credentials(Map.of(
            PostgresEngine.SUPERUSER,
            "superpw",
            PostgresEngine.REPLICATION,
            "replpw",
            PostgresEngine.APPLICATION,
            "apppw"));
    private final PostgresEngine engine = new PostgresEngine(new PostgresInstallation(null));

    private static MemberContext member(int ordinal, int port) {
        MemberIdentity identity = new MemberIdentity("orders", "postgres", ordinal);
        return new MemberContext(
                SPEC,
                identity,
                new Endpoint("127.0.0.1", Map.of("postgres", port)),
                MemberLayout.under(Path.of("/home/marina/clusters/orders", identity.name())),
                CREDENTIALS);
    }

    private static final MemberContext PRIMARY = member(0, 20001);
    private static final MemberContext REPLICA = member(1, 20002);
    private static final Topology TOPOLOGY =
            new Topology(Optional.of(PRIMARY), List.of("orders-postgres-1", "orders-postgres-2"), true);

    @Test
    void primaryPlanMatchesGolden() throws IOException {
        assertGolden("primary.txt", engine.render(PRIMARY, TOPOLOGY));
    }

    @Test
    void replicaPlanMatchesGolden() throws IOException {
        assertGolden("replica.txt", engine.render(REPLICA, TOPOLOGY));
    }

    @Test
    void unknownTopologyNeitherAddsNorRemovesTheStandbyMarker() throws IOException {
        Topology unknown = new Topology(
                Optional.empty(), List.of("orders-postgres-0", "orders-postgres-1", "orders-postgres-2"), true);
        MemberPlan plan = engine.render(REPLICA, unknown);
        assertGolden("unknown-topology.txt", plan);
        assertThat(plan.absentFiles()).isEmpty();
        assertThat(plan.files().keySet()).noneMatch(path -> path.endsWith("standby.signal"));
        // The member's own name is never one of its synchronous standbys.
        assertThat(conf(plan))
                .contains("synchronous_standby_names = 'ANY 1 (\"orders-postgres-0\", \"orders-postgres-2\")'");
    }

    @Test
    void primaryRemovesTheStandbyMarkerAndReplicaWritesIt() {
        assertThat(engine.render(PRIMARY, TOPOLOGY).absentFiles())
                .containsExactly("/home/marina/clusters/orders/orders-postgres-0/data/standby.signal");
        assertThat(engine.render(REPLICA, TOPOLOGY).files())
                .containsKey("/home/marina/clusters/orders/orders-postgres-1/data/standby.signal");
    }

    @Test
    void asynchronousClusterWaitsForNobody() {
        Topology asynchronous = new Topology(Optional.of(PRIMARY), List.of(), false);
        assertThat(conf(engine.render(PRIMARY, asynchronous))).contains("synchronous_standby_names = ''");
    }

    @Test
    void topologyChangesChangeTheHash() {
        Topology other = new Topology(Optional.of(REPLICA), List.of("orders-postgres-0"), true);
        assertThat(engine.render(PRIMARY, TOPOLOGY).hash())
                .isEqualTo(engine.render(PRIMARY, TOPOLOGY).hash())
                .isNotEqualTo(engine.render(PRIMARY, other).hash());
    }

    @Test
    void quotesWhatTheConfigGrammarDoesNotTakeBare() {
        assertThat(ConfigRenderer.quote("200")).isEqualTo("200");
        assertThat(ConfigRenderer.quote("64MB")).isEqualTo("64MB");
        assertThat(ConfigRenderer.quote("0.5")).isEqualTo("0.5");
        assertThat(ConfigRenderer.quote("on")).isEqualTo("on");
        assertThat(ConfigRenderer.quote("127.0.0.1")).isEqualTo("'127.0.0.1'");
        assertThat(ConfigRenderer.quote("/var/run")).isEqualTo("'/var/run'");
        assertThat(ConfigRenderer.quote("it's")).isEqualTo("'it''s'");
        assertThat(ConfigRenderer.quote("a\\b")).isEqualTo("'a\\\\b'");
        assertThat(ConfigRenderer.quote("")).isEqualTo("''");
    }

    @Test
    void secretsAreMarkedAndNeverInTheCommandOrEnvironment() {
        MemberPlan plan = engine.render(REPLICA, TOPOLOGY);
        assertThat(plan.files()
                        .get("/home/marina/clusters/orders/orders-postgres-1/conf/pgpass")
                        .secret())
                .isTrue();
        assertThat(String.join(" ", plan.command())).doesNotContain("replpw");
        assertThat(plan.environment().values()).noneMatch(value -> value.contains("pw"));
        assertThat(conf(plan)).doesNotContain("replpw").contains("passfile=");
    }

    private static String conf(MemberPlan plan) {
        return plan.files().entrySet().stream()
                .filter(entry -> entry.getKey().endsWith("postgresql.conf"))
                .findFirst()
                .orElseThrow()
                .getValue()
                .content();
    }

    private static void assertGolden(String name, MemberPlan plan) throws IOException {
        String rendered = describe(plan);
        Path golden = GOLDEN.resolve(name);
        if (Boolean.getBoolean("golden.update") || !Files.exists(golden)) {
            Files.writeString(golden, rendered, StandardCharsets.UTF_8);
        }
        assertThat(rendered).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
    }

    private static String describe(MemberPlan plan) {
        return "command: " + String.join(" ", plan.command()) + "\n"
                + "stop signal: " + plan.stopSignal() + "\n"
                + "absent: " + plan.absentFiles() + "\n"
                + plan.files().entrySet().stream()
                        .map(entry ->
                                "==== " + entry.getKey() + (entry.getValue().secret() ? " (secret)" : "") + "\n"
                                        + entry.getValue().content())
                        .collect(Collectors.joining("\n"));
    }
}
