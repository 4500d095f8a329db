package dev.marina.operator.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dev.marina.api.http.ApiError;
import dev.marina.api.http.ClusterTopology;
import dev.marina.api.http.ClusterTopology.Member;
import dev.marina.api.validation.FieldError;
import dev.marina.api.yaml.Serialization;
import dev.marina.operator.HealthServer;
import dev.marina.operator.store.TestCustomResourceDefinitions;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Tier 2: the operator's topology feed through its real HTTP server, over the fabric8 mock API server in CRUD mode.
 * The clusters are written through the store with the test's client, as the leading replica writes them; the feed
 * reads them with a client of its own, as any other replica does. Requests are made as a gateway makes them: the base
 * URL the operator renders into the member's ConfigMap, with the local control plane's route appended.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class TopologyEndpointTest {

    private static final String SHOP = "shop";
    private static final String BILLING = "billing";
    private static final String ORDERS = "orders";
    private static final String SHOP_SECRET = "shop-orders-gateway-secret";
    private static final String BILLING_SECRET = "billing-orders-gateway-secret";
    /** Short, so that a change is seen quickly; the operator reads every {@link TopologyEndpoint#INTERVAL}. */
    private static final Duration INTERVAL = Duration.ofMillis(50);
    /** Far longer than any answer should take, so an early answer cannot be mistaken for a timeout. */
    private static final int LONG_WAIT_MILLIS = 20_000;

    KubernetesMockServer server;
    KubernetesClient client;

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private StoredTopologies leader;

    @BeforeEach
    void storeTwoClustersOfOneNameInTwoNamespaces() {
        TestCustomResourceDefinitions.install(client);
        leader = new StoredTopologies(client);
        leader.create(SHOP, ORDERS, SHOP_SECRET);
        leader.roles(SHOP, ORDERS, "orders-postgres-0", 1, "orders-postgres-1");
        leader.create(BILLING, ORDERS, BILLING_SECRET);
        leader.roles(BILLING, ORDERS, "orders-postgres-1", 3, "orders-postgres-0");
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable closeable : closeables.reversed()) {
            closeable.close();
        }
        http.close();
    }

    @Test
    void answersWithTheStoredTopologyOfTheClusterInTheNamespaceAsked() throws Exception {
        String feed = feed(Set.of());

        HttpResponse<String> shop = get(feed, SHOP, ORDERS, "", SHOP_SECRET);
        HttpResponse<String> billing = get(feed, BILLING, ORDERS, "", BILLING_SECRET);

        assertThat(shop.statusCode()).isEqualTo(200);
        assertThat(shop.headers().firstValue("Content-Type")).contains("application/json");
        ClusterTopology shopTopology = topology(shop);
        assertThat(shopTopology.cluster()).isEqualTo(ORDERS);
        assertThat(shopTopology.version()).matches("[0-9a-f]{16}");
        assertThat(shopTopology.members())
                .extracting(Member::name, Member::role, Member::epoch, Member::host, Member::port, Member::lagBytes)
                .containsExactly(
                        tuple(
                                "orders-postgres-0",
                                "primary",
                                1L,
                                "orders-postgres-0.orders-members.shop.svc",
                                5432,
                                null),
                        tuple(
                                "orders-postgres-1",
                                "replica",
                                1L,
                                "orders-postgres-1.orders-members.shop.svc",
                                5432,
                                64L));
        assertThat(billing.statusCode()).isEqualTo(200);
        assertThat(topology(billing).members())
                .extracting(Member::name, Member::role, Member::epoch, Member::host)
                .containsExactly(
                        tuple("orders-postgres-1", "primary", 3L, "orders-postgres-1.orders-members.billing.svc"),
                        tuple("orders-postgres-0", "replica", 3L, "orders-postgres-0.orders-members.billing.svc"));
    }

    @Test
    void aLongPollAnswersAsSoonAsTheStoredStatusChanges() throws Exception {
        String feed = feed(Set.of());
        String before = topology(get(feed, SHOP, ORDERS, "", SHOP_SECRET)).version();
        CompletableFuture<HttpResponse<String>> waiting =
                getAsync(feed, SHOP, ORDERS, "?after=" + before + "&waitMillis=" + LONG_WAIT_MILLIS, SHOP_SECRET);
        // The request waits while nothing changes.
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !waiting.isDone());

        leader.roles(SHOP, ORDERS, "orders-postgres-1", 2, "orders-postgres-0");
        HttpResponse<String> response = waiting.get(LONG_WAIT_MILLIS / 2, TimeUnit.MILLISECONDS);

        assertThat(response.statusCode()).isEqualTo(200);
        ClusterTopology topology = topology(response);
        assertThat(topology.version()).isNotEqualTo(before);
        assertThat(topology.members())
                .extracting(Member::name, Member::role, Member::epoch)
                .containsExactly(tuple("orders-postgres-1", "primary", 2L), tuple("orders-postgres-0", "replica", 2L));
    }

    /**
     * A change wakes a waiting poll at once: here the poll would read the cluster again only after the interval, longer
     * than the test waits for the answer.
     */
    @Test
    void aChangeWakesAWaitingLongPollBeforeTheInterval() throws Exception {
        KubernetesClient replica = server.createClient();
        closeables.add(replica);
        String feed = feed(replica, Set.of(SHOP), Duration.ofSeconds(30));
        String before = topology(get(feed, SHOP, ORDERS, "", SHOP_SECRET)).version();
        CompletableFuture<HttpResponse<String>> waiting =
                getAsync(feed, SHOP, ORDERS, "?after=" + before + "&waitMillis=" + LONG_WAIT_MILLIS, SHOP_SECRET);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !waiting.isDone());

        leader.roles(SHOP, ORDERS, "orders-postgres-1", 2, "orders-postgres-0");
        HttpResponse<String> response = waiting.get(5, TimeUnit.SECONDS);

        assertThat(topology(response).members())
                .extracting(Member::name, Member::role)
                .first()
                .isEqualTo(tuple("orders-postgres-1", "primary"));
    }

    @Test
    void aLongPollAnswersTheSameVersionWhenNothingChangedInTime() throws Exception {
        String feed = feed(Set.of());
        String before = topology(get(feed, SHOP, ORDERS, "", SHOP_SECRET)).version();
        long started = System.nanoTime();

        HttpResponse<String> response = get(feed, SHOP, ORDERS, "?after=" + before + "&waitMillis=300", SHOP_SECRET);

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(topology(response).version()).isEqualTo(before);
    }

    /**
     * Every replica serves every gateway: a request, or a long poll's re-check, that reached the API server would cost
     * it requests in proportion to the gateways. Counted on the mock server after the first request, which starts the
     * feed's informers.
     */
    @Test
    void pollsCostTheApiServerNoRequest() throws Exception {
        String feed = feed(Set.of());
        String before = topology(get(feed, SHOP, ORDERS, "", SHOP_SECRET)).version();
        topology(get(feed, BILLING, ORDERS, "", BILLING_SECRET));
        int started = server.getRequestCount();

        for (int poll = 0; poll < 10; poll++) {
            assertThat(topology(get(feed, SHOP, ORDERS, "", SHOP_SECRET)).version())
                    .isEqualTo(before);
        }
        HttpResponse<String> waited = get(feed, SHOP, ORDERS, "?after=" + before + "&waitMillis=500", SHOP_SECRET);
        assertThat(get(feed, SHOP, ORDERS, "", "wrong").statusCode()).isEqualTo(401);
        assertThat(get(feed, SHOP, "payments", "", SHOP_SECRET).statusCode()).isEqualTo(401);

        assertThat(topology(waited).version()).isEqualTo(before);
        assertThat(server.getRequestCount() - started)
                .as("requests to the API server")
                .isZero();
    }

    @Test
    void aWrongOrMissingTokenGets401WhichSaysNothingAboutTheCluster() throws Exception {
        String feed = feed(Set.of());
        HttpResponse<String> unknownCluster = get(feed, SHOP, "payments", "", SHOP_SECRET);

        List<HttpResponse<String>> refused = List.of(
                get(feed, SHOP, ORDERS, "", "wrong"),
                get(feed, SHOP, ORDERS, "", null),
                // The same cluster name's secret from another namespace opens nothing here.
                get(feed, SHOP, ORDERS, "", BILLING_SECRET),
                unknownCluster,
                get(feed, "warehouse", ORDERS, "", SHOP_SECRET),
                get(feed, "Not-A-Namespace", ORDERS, "", SHOP_SECRET),
                get(feed, SHOP, "Not-A-Cluster", "", SHOP_SECRET));

        for (HttpResponse<String> response : refused) {
            assertThat(response.statusCode()).as(response.uri().toString()).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate")).contains("Bearer");
            assertThat(response.body()).isEqualTo(unknownCluster.body());
        }
        assertThat(error(unknownCluster).error())
                .contains("missing or wrong token")
                .doesNotContain(ORDERS, "payments", SHOP);
    }

    @Test
    void authenticationComesBeforeTheParameters() throws Exception {
        String feed = feed(Set.of());

        HttpResponse<String> unauthenticated = get(feed, SHOP, ORDERS, "?after=x&waitMillis=soon", "wrong");
        HttpResponse<String> authenticated = get(feed, SHOP, ORDERS, "?after=x&waitMillis=soon", SHOP_SECRET);

        assertThat(unauthenticated.statusCode()).isEqualTo(401);
        assertThat(authenticated.statusCode()).isEqualTo(422);
        assertThat(error(authenticated).details()).extracting(FieldError::path).containsExactly("waitMillis");
        assertThat(error(authenticated).error()).contains("waitMillis", "'soon'");
    }

    @Test
    void aNamespaceTheOperatorDoesNotWatchAdmitsNobody() throws Exception {
        String feed = feed(Set.of(SHOP));

        assertThat(get(feed, SHOP, ORDERS, "", SHOP_SECRET).statusCode()).isEqualTo(200);
        assertThat(get(feed, BILLING, ORDERS, "", BILLING_SECRET).statusCode()).isEqualTo(401);
    }

    /**
     * 404 needs a right token, which only a cluster that existed has: one deleted without purge keeps its secrets, and
     * its gateways, still running a moment, keep asking.
     */
    @Test
    void aClusterGoneWhileItsSecretIsKeptGets404() throws Exception {
        String feed = feed(Set.of());
        String before = topology(get(feed, SHOP, ORDERS, "", SHOP_SECRET)).version();
        CompletableFuture<HttpResponse<String>> waiting =
                getAsync(feed, SHOP, ORDERS, "?after=" + before + "&waitMillis=" + LONG_WAIT_MILLIS, SHOP_SECRET);
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> !waiting.isDone());

        leader.deleteKeepingSecrets(SHOP, ORDERS);

        HttpResponse<String> whileWaiting = waiting.get(LONG_WAIT_MILLIS / 2, TimeUnit.MILLISECONDS);
        HttpResponse<String> afterwards = get(feed, SHOP, ORDERS, "", SHOP_SECRET);
        for (HttpResponse<String> response : List.of(whileWaiting, afterwards)) {
            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(error(response).error()).contains("cluster orders not found in namespace shop");
        }
        assertThat(get(feed, SHOP, ORDERS, "", "wrong").statusCode()).isEqualTo(401);
    }

    @Test
    void otherPathsAndMethodsAreRefused() throws Exception {
        String feed = feed(Set.of());

        HttpResponse<String> otherPath = http.send(
                HttpRequest.newBuilder(URI.create(feed + "/namespaces/shop/api/v1/clusters/orders"))
                        .header("Authorization", "Bearer " + SHOP_SECRET)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> post = http.send(
                HttpRequest.newBuilder(URI.create(address(feed, SHOP, ORDERS)))
                        .header("Authorization", "Bearer " + SHOP_SECRET)
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(otherPath.statusCode()).isEqualTo(404);
        assertThat(error(otherPath).error()).contains("no such route");
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).contains("GET");
    }

    @Test
    void anApiServerThatDoesNotAnswerIs503() throws Exception {
        KubernetesClient unreachable = new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder()
                        .withMasterUrl("http://127.0.0.1:1")
                        .withRequestRetryBackoffLimit(0)
                        .withConnectionTimeout(2_000)
                        .build())
                .build();
        closeables.add(unreachable);
        String feed = feed(unreachable, Set.of());

        HttpResponse<String> response = get(feed, SHOP, ORDERS, "", SHOP_SECRET);

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(error(response).error())
                .contains("cannot read the topology now")
                .doesNotContain(SHOP_SECRET);
    }

    /** The operator's HTTP server with the feed, reading with a client of its own; returns its base URL. */
    private String feed(Set<String> watchNamespaces) throws IOException {
        KubernetesClient replica = server.createClient();
        closeables.add(replica);
        return feed(replica, watchNamespaces);
    }

    private String feed(KubernetesClient replica, Set<String> watchNamespaces) throws IOException {
        return feed(replica, watchNamespaces, INTERVAL);
    }

    private String feed(KubernetesClient replica, Set<String> watchNamespaces, Duration interval) throws IOException {
        HealthServer http =
                HealthServer.start(0, () -> true, () -> true, new TopologyEndpoint(replica, watchNamespaces, interval));
        closeables.add(http);
        return "http://127.0.0.1:" + http.port();
    }

    /** What a gateway of {@code cluster} asks: the base URL from its ConfigMap, then the local control plane's route. */
    private static String address(String feed, String namespace, String cluster) {
        return FeedPath.base(feed, namespace) + "/api/v1/clusters/" + URLEncoder.encode(cluster, StandardCharsets.UTF_8)
                + "/topology";
    }

    private HttpResponse<String> get(String feed, String namespace, String cluster, String query, String secret)
            throws IOException, InterruptedException {
        return http.send(request(feed, namespace, cluster, query, secret), HttpResponse.BodyHandlers.ofString());
    }

    private CompletableFuture<HttpResponse<String>> getAsync(
            String feed, String namespace, String cluster, String query, String secret) {
        return http.sendAsync(request(feed, namespace, cluster, query, secret), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest request(String feed, String namespace, String cluster, String query, String secret) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(address(feed, namespace, cluster) + query));
        if (secret != null) {
            request.header("Authorization", "Bearer " + secret);
        }
        return request.build();
    }

    private static ClusterTopology topology(HttpResponse<String> response) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Serialization.json().readValue(response.body(), ClusterTopology.class);
    }

    private static ApiError error(HttpResponse<String> response) throws IOException {
        return Serialization.json().readValue(response.body(), ApiError.class);
    }
}
