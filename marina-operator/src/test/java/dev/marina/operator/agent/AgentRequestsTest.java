package dev.marina.operator.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.marina.api.yaml.Serialization;
import dev.marina.control.engine.MemberPlan;
import dev.marina.control.engine.MemberPlan.PlannedFile;
import dev.marina.control.member.MemberContext;
import dev.marina.control.member.MemberIdentity;
import dev.marina.engine.postgresql.LocalCluster;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The agent's HTTP contract and its start in the pod, without a database: a shell script stands in for the engine
 * where one must run.
 */
class AgentRequestsTest {

    private final HttpClient http = PodAgentClient.httpClient();
    private List<String> passwords = List.of();

    @Test
    void actionsNeedTheTokenAndHealthDoesNot() throws Exception {
        try (LocalCluster cluster = LocalCluster.create("tk", 1);
                TestPod pod = TestPod.start(cluster.member(0), idlePlan(cluster.member(0)), List.of())) {
            assertThat(get(pod, "/live", null).statusCode()).isEqualTo(200);
            HttpResponse<String> ready = get(pod, "/ready", null);
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(ready.body()).contains("the engine does not run");

            HttpResponse<String> missing = get(pod, "/engine", null);
            assertThat(missing.statusCode()).isEqualTo(401);
            assertThat(missing.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
            assertThat(missing.body()).contains("\"error\"").contains("bearer token");
            assertThat(get(pod, "/engine", "Bearer wrong").statusCode()).isEqualTo(401);
            // A prefix of the token, and the token with something after it, are other tokens.
            assertThat(get(pod, "/engine", "Bearer " + TestPod.TOKEN.substring(0, 10))
                            .statusCode())
                    .isEqualTo(401);
            assertThat(get(pod, "/engine", "Bearer " + TestPod.TOKEN + "x").statusCode())
                    .isEqualTo(401);
            assertThat(get(pod, "/engine", TestPod.TOKEN).statusCode()).isEqualTo(401);
            assertThat(get(pod, "/logs", "Basic " + TestPod.TOKEN).statusCode()).isEqualTo(401);

            HttpResponse<String> accepted = get(pod, "/engine", "Bearer " + TestPod.TOKEN);
            assertThat(accepted.statusCode()).isEqualTo(200);
            assertThat(accepted.body()).contains("\"running\":false");
        }
    }

    @Test
    void metricsNeedNoTokenCountTheEnginesStartsAndExitsAndHoldNoSecret() throws Exception {
        try (LocalCluster cluster = LocalCluster.create("mx", 1)) {
            MemberContext member = cluster.member(0);
            TestPod pod = TestPod.start(member, idlePlan(member), List.of());
            try {
                HttpResponse<String> before = get(pod, "/metrics", null);
                assertThat(before.statusCode()).isEqualTo(200);
                assertThat(before.headers().firstValue("Content-Type"))
                        .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain; version=0.0.4"));
                String labels = "{cluster=\"" + member.identity().cluster() + "\",member=\"" + member.name() + "\"}";
                assertThat(before.body())
                        .contains("# TYPE marina_agent_engine_running gauge")
                        .contains("marina_agent_engine_running" + labels + " 0\n")
                        .contains("marina_agent_engine_starts_total" + labels + " 0\n");

                pod.client().start(member, idlePlan(member));
                assertThat(get(pod, "/metrics", null).body())
                        .contains("marina_agent_engine_running" + labels + " 1\n")
                        .contains("marina_agent_engine_starts_total" + labels + " 1\n");
                pod.client().kill();
                await("the exit is counted")
                        .atMost(Duration.ofSeconds(10))
                        .until(
                                () -> get(pod, "/metrics", null).body(),
                                body -> body.contains("marina_agent_engine_exits_total" + labels + " 1\n")
                                        && body.contains("marina_agent_engine_running" + labels + " 0\n"));
                assertThat(get(pod, "/metrics", null).body()).doesNotContain(TestPod.TOKEN);
            } finally {
                pod.terminate();
            }
        }
    }

    @Test
    void aBadRequestIsRefusedWithTheFieldAtFaultAndNoSecret() throws Exception {
        try (LocalCluster cluster = LocalCluster.create("bad", 1)) {
            MemberContext member = cluster.member(0);
            List<String> credentials = cluster.engine().credentialNames();
            passwords = credentials.stream()
                    .map(name -> member.credentials().password(name))
                    .toList();
            String password = passwords.get(0);
            try (TestPod pod = TestPod.start(member, idlePlan(member), credentials)) {
                assertRefused(pod, "/data/has-data", "{\"member\": {\"credentials\": \"" + password, 400, "not JSON");

                ObjectNode noOrdinal = request(member, credentials);
                ((ObjectNode) noOrdinal.path("member").path("identity")).remove("ordinal");
                assertRefused(pod, "/data/has-data", noOrdinal.toString(), 400, "member.identity.ordinal: missing");

                ObjectNode textOrdinal = request(member, credentials);
                ((ObjectNode) textOrdinal.path("member").path("identity")).put("ordinal", password);
                assertRefused(
                        pod,
                        "/data/has-data",
                        textOrdinal.toString(),
                        400,
                        "member.identity.ordinal: must be a whole number");

                ObjectNode typo = request(member, credentials);
                ((ObjectNode) typo.path("member").path("spec")).put("replcas", 3);
                assertRefused(pod, "/data/initialize", typo.toString(), 400, "member.spec.replcas: unknown field");

                ObjectNode noSource = request(member, credentials);
                assertRefused(pod, "/data/clone", noSource.toString(), 400, "source: missing");

                ObjectNode badPlan = request(member, credentials);
                ObjectNode plan = MemberPlanJson.write(idlePlan(member));
                plan.put("stopSignal", "SIGINT");
                badPlan.set("plan", plan);
                assertRefused(pod, "/engine/start", badPlan.toString(), 400, "plan.stopSignal: must name a signal");

                MemberContext other = new MemberContext(
                        member.spec(),
                        new MemberIdentity(
                                member.identity().cluster(), member.identity().component(), 7),
                        member.endpoint(),
                        member.layout(),
                        member.credentials());
                assertRefused(
                        pod,
                        "/data/wipe",
                        request(other, credentials).toString(),
                        409,
                        "this agent runs member " + member.name());

                assertRefused(pod, "/data/format", request(member, credentials).toString(), 404, "no data action");
                assertThat(get(pod, "/data/has-data", "Bearer " + TestPod.TOKEN).statusCode())
                        .isEqualTo(405);
                assertThat(get(pod, "/logs?lines=0", "Bearer " + TestPod.TOKEN).body())
                        .contains("lines: must be a whole number");
            }
        }
    }

    @Test
    void thePodStartCopiesThePlanByItsManifestWaitsForTheOperatorAndSigtermStopsTheEngineWithItsSignal()
            throws Exception {
        try (LocalCluster cluster = LocalCluster.create("boot", 1)) {
            MemberContext member = cluster.member(0);
            Path config = member.layout().config();
            Path data = member.layout().data();
            Path stoppedBy = member.layout().root().resolve("stopped-by");
            TestPod.mountPoints(member);
            Files.createDirectories(data);
            Files.writeString(data.resolve("stale.pid"), "1\n");
            Files.writeString(data.resolve("data-set"), "not empty\n");
            Map<String, PlannedFile> files = Map.of(
                    config.resolve("engine.conf").toString(), new PlannedFile("setting = 1\n", false),
                    config.resolve("pgpass").toString(), new PlannedFile("*:*:*:user:secret\n", true));
            // The engine: waits for its stop signal, and writes down which one came.
            MemberPlan plan = new MemberPlan(
                    List.of(
                            "/bin/sh",
                            "-c",
                            "trap 'echo INT > " + stoppedBy + "; exit 0' INT; trap 'exit 3' TERM;"
                                    + " echo engine up; while :; do sleep 0.05; done"),
                    Map.of(),
                    files,
                    List.of(data.resolve("stale.pid").toString()),
                    "INT");
            TestPod pod = TestPod.start(member, plan, List.of());
            try {
                assertThat(config.resolve("engine.conf")).hasContent("setting = 1");
                assertThat(mode(config.resolve("engine.conf"))).isEqualTo("rw-r-----");
                assertThat(config.resolve("pgpass")).hasContent("*:*:*:user:secret");
                assertThat(mode(config.resolve("pgpass"))).isEqualTo("rw-------");
                assertThat(data.resolve("stale.pid")).doesNotExist();
                // Data or not, the engine waits for the operator: the mounted plan may be a fenced primary's.
                assertThat(pod.client().state().running()).isFalse();
                assertThat(pod.client().start(member, plan).running()).isTrue();
                await("the engine writes")
                        .atMost(Duration.ofSeconds(10))
                        .until(() -> pod.client().logs(10).contains("engine up"));
                assertThat(environmentOf(pod.client().state().pid())).doesNotContain(TestPod.TOKEN);
            } finally {
                pod.terminate();
            }
            assertThat(stoppedBy).hasContent("INT");
            assertThatThrownBy(() -> pod.client().live()).hasMessageContaining("cannot reach the agent");
        }
    }

    @Test
    void settingsComeFromThePodsEnvironmentAndArguments() {
        AgentSettings settings = AgentSettings.fromEnvironment(
                Map.of(
                        "MARINA_CLUSTER", "orders",
                        "MARINA_MEMBER", "orders-postgres-0",
                        "MARINA_NAMESPACE", "shop",
                        "MARINA_AGENT_TOKEN", "t0k3n",
                        "MARINA_AGENT_PORT", "8008"),
                List.of(
                        "--stop-signal",
                        "INT",
                        "--",
                        "/usr/lib/postgresql/15/bin/postgres",
                        "-D",
                        "/etc/marina/config"));
        assertThat(settings.member()).isEqualTo("orders-postgres-0");
        assertThat(settings.address().getPort()).isEqualTo(8008);
        assertThat(settings.stopSignal()).isEqualTo("INT");
        assertThat(settings.command())
                .containsExactly("/usr/lib/postgresql/15/bin/postgres", "-D", "/etc/marina/config");
        assertThat(settings.layout().data()).isEqualTo(Path.of("/var/lib/marina/data"));
        assertThat(settings.toString()).doesNotContain("t0k3n");

        assertThatThrownBy(() -> AgentSettings.fromEnvironment(
                        Map.of("MARINA_CLUSTER", "orders", "MARINA_MEMBER", "m", "MARINA_NAMESPACE", "shop"),
                        List.of("--", "/bin/true")))
                .hasMessage("MARINA_AGENT_TOKEN is not set; the member's pod spec sets it");
        assertThatThrownBy(() -> AgentSettings.fromEnvironment(Map.of(), List.of("--cluster", "orders")))
                .hasMessageContaining("unknown argument '--cluster'");
    }

    private HttpResponse<String> get(TestPod pod, String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(pod.uri(path)).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private void assertRefused(TestPod pod, String path, String body, int status, String message) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(pod.uri(path))
                        .header("Authorization", "Bearer " + TestPod.TOKEN)
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("%s %s", path, response.body()).isEqualTo(status);
        String error =
                Serialization.json().readTree(response.body()).path("error").asText();
        assertThat(error).contains(message);
        // Whatever was wrong, the answer quotes nothing of the request: it carries passwords.
        assertThat(passwords)
                .isNotEmpty()
                .allSatisfy(secret -> assertThat(response.body()).doesNotContain(secret));
    }

    private static ObjectNode request(MemberContext member, List<String> credentials) {
        ObjectNode request = Serialization.json().createObjectNode();
        request.set("member", MemberContextJson.write(member, credentials));
        return request;
    }

    /** A plan whose engine the pod never starts: the member has no data. */
    private static MemberPlan idlePlan(MemberContext member) {
        return new MemberPlan(List.of("/bin/sleep", "600"), Map.of(), Map.of(), List.of(), "INT");
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    private static String environmentOf(long pid) throws IOException {
        return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ"))).replace('\0', '\n');
    }
}
