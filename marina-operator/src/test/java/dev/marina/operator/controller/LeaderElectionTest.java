package dev.marina.operator.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.marina.operator.HealthServer;
import dev.marina.operator.MarinaOperator;
import dev.marina.operator.crd.DatabaseClusterResource;
import dev.marina.operator.crd.ModelSerializationCustomizer;
import dev.marina.operator.crd.ResourceSerialization;
import dev.marina.testkit.kubernetes.MockControllers;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRuleBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Tier 2: two operator replicas competing for one Lease, as the chart runs them. One reconciles; the other waits and
 * is ready all the same; when the leader stops, the follower takes over.
 */
@EnableKubernetesMockClient(crud = true, kubernetesClientBuilderCustomizer = ModelSerializationCustomizer.class)
class LeaderElectionTest {

    private static final String NAMESPACE = "shop";
    private static final String OPERATOR_NAMESPACE = "marina-system";
    private static final Duration PATIENCE = Duration.ofSeconds(15);
    private static final java.util.logging.Logger MOCK_SERVER_LOG = quiet("io.fabric8.mockwebserver");

    KubernetesMockServer server;
    KubernetesClient client;

    private MockControllers controllers;
    private FakeMembers members;
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void installDefinitionsControllersAndPermissions() {
        CheckedInDefinitions.install(client);
        controllers = MockControllers.start(client);
        members = new FakeMembers(client, NAMESPACE);
        // The Operator SDK asks the API server what it may do with Leases before competing; the mock server has no
        // authorization, so it is told the answer a chart-installed operator gets.
        server.expect()
                .post()
                .withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
                .andReturn(201, leaseRules())
                .always();
    }

    @AfterEach
    void stopEverything() throws Exception {
        for (AutoCloseable closeable : closeables.reversed()) {
            closeable.close();
        }
        controllers.close();
        members.close();
    }

    @Test
    void oneReplicaReconcilesBothAreReadyAndTheFollowerTakesOverWhenTheLeaderStops() throws Exception {
        Replica first = replica("marina-operator-a");
        Replica second = replica("marina-operator-b");
        assertThat(status(first, HealthServer.READY)).isEqualTo(503);

        first.operator().start();
        second.operator().start();

        await().atMost(PATIENCE)
                .until(() -> first.operator().isLeading() != second.operator().isLeading());
        Replica leader = first.operator().isLeading() ? first : second;
        Replica follower = leader == first ? second : first;
        for (Replica replica : List.of(leader, follower)) {
            await().atMost(PATIENCE).until(() -> status(replica, HealthServer.READY) == 200);
            assertThat(status(replica, HealthServer.LIVE)).isEqualTo(200);
        }
        client.resources(DatabaseClusterResource.class)
                .inNamespace(NAMESPACE)
                .resource(TestClusterResources.fake(NAMESPACE, "orders", 1, null))
                .create();
        await().atMost(PATIENCE)
                .until(() -> client.pods()
                                .inNamespace(NAMESPACE)
                                .withName("orders-db-0")
                                .get()
                        != null);

        leader.operator().close();

        await().atMost(PATIENCE).until(() -> follower.operator().isLeading());
        client.resources(DatabaseClusterResource.class)
                .inNamespace(NAMESPACE)
                .resource(TestClusterResources.fake(NAMESPACE, "billing", 1, null))
                .create();
        await().atMost(PATIENCE)
                .until(() -> client.pods()
                                .inNamespace(NAMESPACE)
                                .withName("billing-db-0")
                                .get()
                        != null);
        await().atMost(PATIENCE).until(() -> status(follower, HealthServer.READY) == 200);
    }

    private record Replica(MarinaOperator operator, HealthServer health) {}

    private Replica replica(String identity) throws IOException {
        KubernetesClient operatorClient =
                server.createClient(builder -> builder.withKubernetesSerialization(ResourceSerialization.create()));
        closeables.add(operatorClient);
        MarinaOperator operator = new MarinaOperator(
                operatorClient,
                Set.of(),
                Optional.of(new MarinaOperator.LeaderElection(
                        "marina-operator-leader",
                        OPERATOR_NAMESPACE,
                        identity,
                        Duration.ofSeconds(2),
                        Duration.ofMillis(1500),
                        Duration.ofMillis(200),
                        false)),
                new ClusterController(operatorClient, members.settings(), Clock.systemUTC()),
                // The mock server implements no server-side apply.
                false);
        closeables.add(operator);
        HealthServer health = HealthServer.start(0, operator::isLive, operator::isReady);
        closeables.add(health);
        return new Replica(operator, health);
    }

    private int status(Replica replica, String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + replica.health().port() + path))
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

    private static java.util.logging.Logger quiet(String name) {
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
        logger.setLevel(java.util.logging.Level.WARNING);
        return logger;
    }
}
