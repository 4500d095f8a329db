package dev.marina.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dev.marina.api.ClusterSpec;
import dev.marina.api.ClusterStatus;
import dev.marina.api.ComponentSpec;
import dev.marina.api.DatabaseCluster;
import dev.marina.api.EngineCatalog;
import dev.marina.api.MemberStatus;
import dev.marina.api.ObjectMeta;
import dev.marina.api.http.ApiError;
import dev.marina.api.http.ClusterTopology;
import dev.marina.api.http.ClusterTopology.Member;
import dev.marina.api.validation.ClusterValidator;
import dev.marina.api.validation.FieldError;
import dev.marina.api.yaml.Serialization;
import dev.marina.control.operation.OperationLedger;
import dev.marina.control.operation.OperationService;
import dev.marina.control.service.ClusterService;
import dev.marina.control.service.TopologyFeed;
import dev.marina.testkit.FakeEngine;
import dev.marina.testkit.FakeRuntime;
import dev.marina.testkit.InMemoryStore;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code GET /api/v1/clusters/{name}/topology} through a real server on loopback, over an in-memory store. */
class TopologyRouteTest {

    private static final String TOKEN = "topology-test-token";
    private static final String CLUSTER = "demo";
    private static final String FIRST = "demo-db-0";
    private static final String SECOND = "demo-db-1";
    /** Far longer than any answer should take, so an early answer cannot be mistaken for a timeout. */
    private static final int LONG_WAIT_MILLIS = 20_000;

    private final InMemoryStore store = new InMemoryStore();
    private final HttpClient http = HttpClient.newHttpClient();
    private ApiServer server;
    private String address;

    @BeforeEach
    void start() {
        FakeEngine engine = new FakeEngine();
        ClusterValidator validator = new ClusterValidator(EngineCatalog.of(List.of(engine.description())));
        ClusterService clusters =
                new ClusterService(store, validator, name -> engine, FakeRuntime.connectedTo(engine), name -> {});
        OperationService operations =
                new OperationService(store, new OperationLedger(store), validator, Clock.systemUTC(), name -> {});
        server = new ApiServer(
                clusters,
                operations,
                new TopologyFeed(clusters, TopologyFeed.DEFAULT_INTERVAL),
                TOKEN,
                () -> null,
                () -> {},
                () -> {});
        address = "http://127.0.0.1:" + server.start("127.0.0.1", 0);
        store.save(DatabaseCluster.of(
                ObjectMeta.named(CLUSTER),
                new ClusterSpec(
                        FakeEngine.NAME,
                        "1",
                        Map.of(FakeEngine.COMPONENT, new ComponentSpec(2, null, null, null)),
                        null,
                        null)));
        store.saveStatus(CLUSTER, status(primary(FIRST, 4, 20000), replica(SECOND, 4, 20001, 128)));
    }

    @AfterEach
    void stop() {
        server.stop();
        http.close();
        store.close();
    }

    @Test
    void answersAtOnceWithoutAfter() throws Exception {
        HttpResponse<String> response = get("/api/v1/clusters/demo/topology");

        assertThat(response.statusCode()).isEqualTo(200);
        ClusterTopology topology = topology(response);
        assertThat(topology.cluster()).isEqualTo(CLUSTER);
        assertThat(topology.version()).matches("[0-9a-f]{16}");
        assertThat(topology.members())
                .extracting(Member::name, Member::role, Member::epoch, Member::host, Member::port, Member::lagBytes)
                .containsExactly(
                        tuple(FIRST, "primary", 4L, "127.0.0.1", 20000, null),
                        tuple(SECOND, "replica", 4L, "127.0.0.1", 20001, 128L));
    }

    @Test
    void answersAtOnceWhenTheCallerHasAnotherVersion() throws Exception {
        String current = topology(get("/api/v1/clusters/demo/topology")).version();
        long started = System.nanoTime();

        HttpResponse<String> response =
                get("/api/v1/clusters/demo/topology?after=0123456789abcdef&waitMillis=" + LONG_WAIT_MILLIS);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(topology(response).version()).isEqualTo(current);
        assertThat(elapsedSince(started)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void longPollAnswersAsSoonAsTheStatusChanges() throws Exception {
        String before = topology(get("/api/v1/clusters/demo/topology")).version();
        CompletableFuture<HttpResponse<String>> waiting =
                getAsync("/api/v1/clusters/demo/topology?after=" + before + "&waitMillis=" + LONG_WAIT_MILLIS);
        // The request waits while nothing changes.
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !waiting.isDone());

        long changed = System.nanoTime();
        store.saveStatus(CLUSTER, status(replica(FIRST, 4, 20000, 0), primary(SECOND, 5, 20001)));
        HttpResponse<String> response = waiting.get(LONG_WAIT_MILLIS, TimeUnit.MILLISECONDS);

        assertThat(elapsedSince(changed)).isLessThan(Duration.ofSeconds(2));
        assertThat(response.statusCode()).isEqualTo(200);
        ClusterTopology topology = topology(response);
        assertThat(topology.version()).isNotEqualTo(before);
        assertThat(topology.members())
                .extracting(Member::name, Member::role, Member::epoch)
                .containsExactly(tuple(SECOND, "primary", 5L), tuple(FIRST, "replica", 4L));
    }

    @Test
    void longPollAnswersTheSameVersionWhenNothingChangedInTime() throws Exception {
        String before = topology(get("/api/v1/clusters/demo/topology")).version();
        long started = System.nanoTime();

        HttpResponse<String> response = get("/api/v1/clusters/demo/topology?after=" + before + "&waitMillis=300");

        assertThat(elapsedSince(started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(topology(response).version()).isEqualTo(before);
    }

    @Test
    void refusesARequestWithoutTheToken() throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(address + "/api/v1/clusters/demo/topology"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(401);
    }

    @Test
    void answers404ForAnUnknownCluster() throws Exception {
        HttpResponse<String> response = get("/api/v1/clusters/nope/topology?after=0123456789abcdef");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(error(response).error()).contains("cluster nope not found");
    }

    @ParameterizedTest
    @ValueSource(strings = {"soon", "-1", "30001", "1.5"})
    void refusesAWaitThatIsNotAWholeNumberOfMillisecondsUpTo30Seconds(String waitMillis) throws Exception {
        HttpResponse<String> response = get("/api/v1/clusters/demo/topology?after=x&waitMillis=" + waitMillis);

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(error(response).details()).extracting(FieldError::path).containsExactly("waitMillis");
        assertThat(error(response).error()).contains("waitMillis", "'" + waitMillis + "'");
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(request(path), HttpResponse.BodyHandlers.ofString());
    }

    private CompletableFuture<HttpResponse<String>> getAsync(String path) {
        return http.sendAsync(request(path), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest request(String path) {
        return HttpRequest.newBuilder(URI.create(address + path))
                .header("Authorization", "Bearer " + TOKEN)
                .build();
    }

    private static ClusterTopology topology(HttpResponse<String> response) throws IOException {
        return Serialization.json().readValue(response.body(), ClusterTopology.class);
    }

    private static ApiError error(HttpResponse<String> response) throws IOException {
        return Serialization.json().readValue(response.body(), ApiError.class);
    }

    private static Duration elapsedSince(long nanoTime) {
        return Duration.ofNanos(System.nanoTime() - nanoTime);
    }

    private static ClusterStatus status(MemberStatus... members) {
        String primary = List.of(members).stream()
                .filter(member -> MemberStatus.ROLE_PRIMARY.equals(member.role()))
                .map(MemberStatus::name)
                .findFirst()
                .orElse(null);
        return new ClusterStatus("Ready", 1L, null, primary, null, List.of(members), null);
    }

    private static MemberStatus primary(String name, long epoch, int port) {
        return new MemberStatus(
                name,
                FakeEngine.COMPONENT,
                MemberStatus.ROLE_PRIMARY,
                epoch,
                MemberStatus.STATE_RUNNING,
                "127.0.0.1:" + port,
                0L,
                100L,
                null);
    }

    private static MemberStatus replica(String name, long epoch, int port, long lag) {
        return new MemberStatus(
                name,
                FakeEngine.COMPONENT,
                MemberStatus.ROLE_REPLICA,
                epoch,
                MemberStatus.STATE_STREAMING,
                "127.0.0.1:" + port,
                lag,
                101L,
                null);
    }
}
