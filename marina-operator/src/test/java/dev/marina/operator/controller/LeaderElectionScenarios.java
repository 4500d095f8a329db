package dev.marina.operator.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.marina.operator.HealthServer;
import dev.marina.operator.MarinaOperator;
import dev.marina.operator.crd.DatabaseClusterResource;
import dev.marina.testkit.kubernetes.MockControllers;
import io.fabric8.kubernetes.client.KubernetesClient;
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
 * Two operator replicas competing for one Lease, as the chart runs them. One reconciles; the other waits and is ready
 * all the same; when the leader stops, the follower takes over. Each subclass says on which API server
 * ({@link LeaderElectionOnMockServerTest} for tier 2, {@link LeaderElectionOnKubeApiServerTest} for tier 3).
 */
abstract class LeaderElectionScenarios {

    static final String OPERATOR_NAMESPACE = "marina-system";
    private static final String NAMESPACE = "shop";
    private static final Duration PATIENCE = Duration.ofSeconds(15);

    private MockControllers controllers;
    private FakeMembers members;
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    /** The test's own client: a user with kubectl, and the mock controllers. */
    abstract KubernetesClient client();

    /** A new client for one operator replica, as a separate process would have; the caller closes it. */
    abstract KubernetesClient newOperatorClient();

    /** Whether the operators add their finalizer by server-side apply, as in production ({@link MarinaOperator}). */
    abstract boolean serverSideApply();

    @BeforeEach
    void createNamespacesInstallDefinitionsStartControllersAndAgents() {
        // The Lease lives in the operator's namespace.
        TestNamespaces.create(client(), NAMESPACE, OPERATOR_NAMESPACE);
        CheckedInDefinitions.install(client());
        controllers = MockControllers.start(client());
        members = new FakeMembers(client(), NAMESPACE);
    }

    @AfterEach
    void stopEverything() throws Exception {
        for (AutoCloseable closeable : closeables.reversed()) {
            closeable.close();
        }
        // Null when the setup failed part-way: what it did start is stopped all the same.
        if (controllers != null) {
            controllers.close();
        }
        if (members != null) {
            members.close();
        }
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
        client().resources(DatabaseClusterResource.class)
                .inNamespace(NAMESPACE)
                .resource(TestClusterResources.fake(NAMESPACE, "orders", 1, null))
                .create();
        await().atMost(PATIENCE)
                .until(() -> client().pods()
                                .inNamespace(NAMESPACE)
                                .withName("orders-db-0")
                                .get()
                        != null);

        leader.operator().close();

        await().atMost(PATIENCE).until(() -> follower.operator().isLeading());
        client().resources(DatabaseClusterResource.class)
                .inNamespace(NAMESPACE)
                .resource(TestClusterResources.fake(NAMESPACE, "billing", 1, null))
                .create();
        await().atMost(PATIENCE)
                .until(() -> client().pods()
                                .inNamespace(NAMESPACE)
                                .withName("billing-db-0")
                                .get()
                        != null);
        await().atMost(PATIENCE).until(() -> status(follower, HealthServer.READY) == 200);
    }

    private record Replica(MarinaOperator operator, HealthServer health) {}

    private Replica replica(String identity) throws IOException {
        KubernetesClient operatorClient = newOperatorClient();
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
                serverSideApply());
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
}
