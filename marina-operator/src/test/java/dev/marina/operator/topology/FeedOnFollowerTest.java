package dev.marina.operator.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dev.marina.api.http.ClusterTopology;
import dev.marina.api.http.ClusterTopology.Member;
import dev.marina.api.yaml.Serialization;
import dev.marina.operator.HealthServer;
import dev.marina.operator.MarinaOperator;
import dev.marina.operator.RepositoryRoot;
import dev.marina.operator.controller.ClusterController;
import dev.marina.operator.controller.ControlSettings;
import dev.marina.operator.crd.DefinitionFiles;
import dev.marina.operator.crd.ModelSerializationCustomizer;
import dev.marina.operator.crd.ResourceSerialization;
import dev.marina.operator.render.KubernetesSettings;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRuleBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Tier 2: an operator replica that does not lead, wired as the operator's main wires it, answers the topology feed of
 * clusters the leader keeps: the Service in front of the operator sends gateways to every replica. The leader is
 * another process here (the test's client writing through the store) holding the Lease for an hour.
 */
@EnableKubernetesMockClient(crud = true, kubernetesClientBuilderCustomizer = ModelSerializationCustomizer.class)
class FeedOnFollowerTest {

    private static final String OPERATOR_NAMESPACE = "marina-system";
    private static final String LEASE = "marina-operator-leader";
    private static final String NAMESPACE = "shop";
    private static final String CLUSTER = "orders";
    private static final String SECRET = "orders-gateway-secret";
    private static final Duration PATIENCE = Duration.ofSeconds(15);

    KubernetesMockServer server;
    KubernetesClient client;

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @BeforeEach
    void installDefinitionsAndGiveTheLeaseToAnotherReplica() {
        DefinitionFiles.install(client, RepositoryRoot.find().resolve("deploy/crds"));
        // The Operator SDK asks what it may do with Leases before competing; the mock server has no authorization.
        server.expect()
                .post()
                .withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
                .andReturn(201, leaseRules())
                .always();
        client.leases()
                .inNamespace(OPERATOR_NAMESPACE)
                .resource(new LeaseBuilder()
                        .withNewMetadata()
                        .withName(LEASE)
                        .withNamespace(OPERATOR_NAMESPACE)
                        .endMetadata()
                        .withNewSpec()
                        .withHolderIdentity("marina-operator-leader-pod")
                        .withLeaseDurationSeconds(3600)
                        .withAcquireTime(ZonedDateTime.now())
                        .withRenewTime(ZonedDateTime.now())
                        .endSpec()
                        .build())
                .create();
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable closeable : closeables.reversed()) {
            closeable.close();
        }
        http.close();
    }

    @Test
    void aFollowerAnswersTheFeedFromTheStoreAndHearsOfChangesTheLeaderWrites() throws Exception {
        KubernetesClient replica =
                server.createClient(builder -> builder.withKubernetesSerialization(ResourceSerialization.create()));
        closeables.add(replica);
        MarinaOperator follower = new MarinaOperator(
                replica,
                Set.of(),
                Optional.of(new MarinaOperator.LeaderElection(
                        LEASE,
                        OPERATOR_NAMESPACE,
                        "marina-operator-follower-pod",
                        Duration.ofSeconds(2),
                        Duration.ofMillis(1500),
                        Duration.ofMillis(200),
                        false)),
                new ClusterController(
                        replica, ControlSettings.inCluster(KubernetesSettings.DEFAULT), Clock.systemUTC()));
        closeables.add(follower);
        HealthServer port = HealthServer.start(
                0, follower::isLive, follower::isReady, new TopologyEndpoint(replica, Set.of(), Duration.ofMillis(50)));
        closeables.add(port);
        follower.start();
        await().atMost(PATIENCE).until(() -> status(port, HealthServer.READY) == 200);
        StoredTopologies leader = new StoredTopologies(client);
        leader.create(NAMESPACE, CLUSTER, SECRET);
        leader.roles(NAMESPACE, CLUSTER, "orders-postgres-0", 1, "orders-postgres-1");

        HttpResponse<String> first = get(port, "");
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        ClusterTopology before = Serialization.json().readValue(first.body(), ClusterTopology.class);
        assertThat(before.members()).extracting(Member::name).first().isEqualTo("orders-postgres-0");
        CompletableFuture<HttpResponse<String>> waiting = http.sendAsync(
                request(port, "?after=" + before.version() + "&waitMillis=20000"),
                HttpResponse.BodyHandlers.ofString());
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> !waiting.isDone());
        leader.roles(NAMESPACE, CLUSTER, "orders-postgres-1", 2, "orders-postgres-0");
        HttpResponse<String> changed = waiting.get(10, TimeUnit.SECONDS);

        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(Serialization.json()
                        .readValue(changed.body(), ClusterTopology.class)
                        .members())
                .extracting(Member::name, Member::role)
                .first()
                .isEqualTo(tuple("orders-postgres-1", "primary"));
        assertThat(follower.isLeading()).as("the replica never led").isFalse();
    }

    private HttpResponse<String> get(HealthServer port, String query) throws IOException, InterruptedException {
        return http.send(request(port, query), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest request(HealthServer port, String query) {
        String base = FeedPath.base("http://127.0.0.1:" + port.port(), NAMESPACE);
        return HttpRequest.newBuilder(URI.create(base + "/api/v1/clusters/" + CLUSTER + "/topology" + query))
                .header("Authorization", "Bearer " + SECRET)
                .build();
    }

    private int status(HealthServer port, String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port.port() + path))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static SelfSubjectRulesReview leaseRules() {
        return new SelfSubjectRulesReviewBuilder()
                .withNewStatus()
                .withIncomplete(false)
                .withResourceRules(new ResourceRuleBuilder()
                        .withApiGroups("coordination.k8s.io")
                        .withResources("leases")
                        .withVerbs("create", "get", "update")
                        .build())
                .endStatus()
                .build();
    }
}
