package dev.marina.operator.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.marina.api.ClusterSpec;
import dev.marina.api.ClusterStatus;
import dev.marina.api.Condition;
import dev.marina.api.MemberStatus;
import dev.marina.operator.MarinaOperator;
import dev.marina.operator.crd.DatabaseClusterResource;
import dev.marina.operator.crd.ModelSerializationCustomizer;
import dev.marina.operator.crd.ResourceSerialization;
import dev.marina.operator.render.KubernetesSettings;
import dev.marina.operator.render.ObjectLabels;
import dev.marina.testkit.kubernetes.MockControllers;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Tier 2: the real operator (the Java Operator SDK with {@link ClusterController}) against the fabric8 mock API server
 * in CRUD mode, with the CRDs of deploy/crds installed and the testkit's mock controllers making pods Ready, binding
 * claims and collecting garbage. A new, empty server per test.
 */
@EnableKubernetesMockClient(crud = true, kubernetesClientBuilderCustomizer = ModelSerializationCustomizer.class)
class ClusterControllerTest {

    private static final String NAMESPACE = "shop";
    private static final Duration PATIENCE = Duration.ofSeconds(15);

    /** The mock server logs every request through java.util.logging; held so that the level set here stays. */
    private static final java.util.logging.Logger MOCK_SERVER_LOG = quiet("io.fabric8.mockwebserver");

    KubernetesMockServer server;
    KubernetesClient client;

    private MockControllers controllers;
    private final List<MarinaOperator> operators = new ArrayList<>();
    private final List<KubernetesClient> operatorClients = new ArrayList<>();

    @BeforeEach
    void installDefinitionsAndControllers() {
        CheckedInDefinitions.install(client);
        controllers = MockControllers.start(client);
    }

    @AfterEach
    void stopEverything() {
        operators.forEach(MarinaOperator::close);
        operatorClients.forEach(KubernetesClient::close);
        controllers.close();
    }

    @Test
    void aThreeMemberClusterGetsEveryRenderedObjectAndAStatusThatCountsReadyMembers() {
        controllers.pods().hold("orders-postgres-2");
        startOperator();

        DatabaseClusterResource created = clusters()
                .resource(TestClusterResources.postgres(NAMESPACE, "orders", 3, null))
                .create();

        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(readyCondition("orders")).hasValueSatisfying(condition -> {
                    assertThat(condition.status()).isEqualTo("False");
                    assertThat(condition.message()).isEqualTo("2 of 3 members ready; orders-postgres-2 is starting");
                }));
        assertThat(names(client.pods().inNamespace(NAMESPACE).list().getItems()))
                .containsExactly("orders-postgres-0", "orders-postgres-1", "orders-postgres-2");
        assertThat(names(client.persistentVolumeClaims()
                        .inNamespace(NAMESPACE)
                        .list()
                        .getItems()))
                .containsExactly("orders-postgres-0-data", "orders-postgres-1-data", "orders-postgres-2-data");
        assertThat(names(client.services().inNamespace(NAMESPACE).list().getItems()))
                .containsExactly("orders-members", "orders-ro", "orders-rw");
        assertThat(names(client.policy()
                        .v1()
                        .podDisruptionBudget()
                        .inNamespace(NAMESPACE)
                        .list()
                        .getItems()))
                .containsExactly("orders-postgres");
        assertThat(names(client.configMaps()
                        .inNamespace(NAMESPACE)
                        .withLabel(ObjectLabels.MANAGED_BY, ObjectLabels.MANAGER)
                        .list()
                        .getItems()))
                .containsExactly("orders-postgres-0-config", "orders-postgres-1-config", "orders-postgres-2-config");
        assertThat(names(client.secrets()
                        .inNamespace(NAMESPACE)
                        .withLabel(ObjectLabels.MANAGED_BY, ObjectLabels.MANAGER)
                        .list()
                        .getItems()))
                .containsExactly(
                        "orders-app",
                        "orders-credentials",
                        "orders-postgres-0-secret",
                        "orders-postgres-1-secret",
                        "orders-postgres-2-secret",
                        "orders-tls");

        String uid = created.getMetadata().getUid();
        assertThat(client.pods().inNamespace(NAMESPACE).list().getItems())
                .allSatisfy(pod -> assertThat(pod.getMetadata().getOwnerReferences())
                        .extracting(OwnerReference::getUid)
                        .containsExactly(uid));
        assertThat(client.persistentVolumeClaims().inNamespace(NAMESPACE).list().getItems())
                .allSatisfy(claim ->
                        assertThat(claim.getMetadata().getOwnerReferences()).isNullOrEmpty());

        controllers.pods().release("orders-postgres-2");

        await().atMost(PATIENCE).untilAsserted(() -> {
            ClusterStatus status = cluster("orders").get().getStatus();
            assertThat(status.condition(Condition.READY)).hasValueSatisfying(condition -> {
                assertThat(condition.status()).isEqualTo("True");
                assertThat(condition.message()).isEqualTo("3 of 3 members ready");
            });
            assertThat(status.phase()).isEqualTo("Ready");
            assertThat(status.members())
                    .extracting(MemberStatus::state)
                    .containsOnly(MemberStatus.STATE_RUNNING)
                    .hasSize(3);
            assertThat(status.observedGeneration())
                    .isEqualTo(cluster("orders").get().getMetadata().getGeneration());
        });
        // The validator's defaults were stored on the resource: the cluster keeps the version it was created with.
        assertThat(cluster("orders").get().getSpec().version()).isEqualTo("15");
        assertThat(controllers.lastFailure()).isNull();
    }

    @Test
    void anOperatorRestartChangesNoPod() {
        MarinaOperator first = startOperator();
        clusters()
                .resource(TestClusterResources.postgres(NAMESPACE, "orders", 3, null))
                .create();
        awaitReady("orders");
        Map<String, String> podsBefore =
                identities(client.pods().inNamespace(NAMESPACE).list().getItems());
        Map<String, String> secretsBefore =
                identities(client.secrets().inNamespace(NAMESPACE).list().getItems());

        first.close();
        // Work the new operator can be seen to do: a Service lost while no operator ran.
        client.services().inNamespace(NAMESPACE).withName("orders-ro").delete();
        await().atMost(PATIENCE)
                .until(() -> client.services()
                                .inNamespace(NAMESPACE)
                                .withName("orders-ro")
                                .get()
                        == null);
        startOperator();

        await().atMost(PATIENCE)
                .until(() -> client.services()
                                .inNamespace(NAMESPACE)
                                .withName("orders-ro")
                                .get()
                        != null);
        assertThat(identities(client.pods().inNamespace(NAMESPACE).list().getItems()))
                .isEqualTo(podsBefore);
        assertThat(identities(client.secrets().inNamespace(NAMESPACE).list().getItems()))
                .isEqualTo(secretsBefore);
    }

    @Test
    void anInvalidClusterGetsAConditionNamingTheFieldAndNoObjectsUntilItIsFixed() {
        startOperator();

        clusters()
                .resource(TestClusterResources.withUnknownComponent(NAMESPACE, "orders"))
                .create();

        await().atMost(PATIENCE).untilAsserted(() -> {
            DatabaseClusterResource resource = cluster("orders").get();
            ClusterStatus status = resource.getStatus();
            assertThat(status).isNotNull();
            assertThat(status.condition(Condition.READY)).hasValueSatisfying(condition -> {
                assertThat(condition.status()).isEqualTo("False");
                assertThat(condition.reason()).isEqualTo("InvalidSpec");
                assertThat(condition.message()).contains("spec.components.pgbouncer");
                assertThat(condition.observedGeneration())
                        .isEqualTo(resource.getMetadata().getGeneration());
            });
        });
        assertThat(objectsInNamespace()).isEmpty();

        clusters().withName("orders").edit(resource -> {
            ClusterSpec spec = resource.getSpec();
            resource.setSpec(new ClusterSpec(
                    spec.engine(),
                    spec.version(),
                    Map.of("postgres", spec.components().get("postgres")),
                    spec.availability(),
                    spec.deletionProtection()));
            return resource;
        });

        awaitReady("orders");
        assertThat(names(client.pods().inNamespace(NAMESPACE).list().getItems()))
                .hasSize(3);
    }

    @Test
    void aProtectedClusterRefusesItsDeleteUntilTheProtectionIsLiftedAndThenKeepsItsVolumes() {
        startOperator();
        clusters()
                .resource(TestClusterResources.postgres(NAMESPACE, "orders", 3, true))
                .create();
        awaitReady("orders");

        clusters().withName("orders").delete();

        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(
                                cluster("orders").get().getStatus().condition(RefusalStatus.DELETION_BLOCKED))
                        .hasValueSatisfying(condition -> {
                            assertThat(condition.status()).isEqualTo("True");
                            assertThat(condition.message()).contains("spec.deletionProtection", "kubectl patch");
                        }));
        assertThat(cluster("orders").get().getMetadata().getDeletionTimestamp()).isNotNull();
        assertThat(client.pods().inNamespace(NAMESPACE).list().getItems()).hasSize(3);

        clusters().withName("orders").edit(resource -> {
            ClusterSpec spec = resource.getSpec();
            resource.setSpec(
                    new ClusterSpec(spec.engine(), spec.version(), spec.components(), spec.availability(), false));
            return resource;
        });

        await().atMost(PATIENCE).until(() -> cluster("orders").get() == null);
        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(client.pods().inNamespace(NAMESPACE).list().getItems()).isEmpty();
            assertThat(client.services().inNamespace(NAMESPACE).list().getItems())
                    .isEmpty();
            assertThat(names(client.configMaps()
                            .inNamespace(NAMESPACE)
                            .withLabel(ObjectLabels.MANAGED_BY, ObjectLabels.MANAGER)
                            .list()
                            .getItems()))
                    .isEmpty();
        });
        assertThat(names(client.persistentVolumeClaims()
                        .inNamespace(NAMESPACE)
                        .list()
                        .getItems()))
                .containsExactly("orders-postgres-0-data", "orders-postgres-1-data", "orders-postgres-2-data");
        // The passwords that open the data on those volumes stay with them.
        assertThat(client.secrets()
                        .inNamespace(NAMESPACE)
                        .withName("orders-marina-secrets")
                        .get())
                .isNotNull();
    }

    @Test
    void aPurgeAskedForByAnnotationDeletesTheVolumesAndTheStoredState() {
        startOperator();
        clusters()
                .resource(TestClusterResources.postgres(NAMESPACE, "orders", 3, null))
                .create();
        awaitReady("orders");

        clusters().withName("orders").edit(resource -> {
            resource.getMetadata().setAnnotations(Map.of(ClusterRelease.PURGE_ANNOTATION, "true"));
            return resource;
        });
        clusters().withName("orders").delete();

        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(cluster("orders").get()).isNull();
            assertThat(objectsInNamespace()).isEmpty();
        });
    }

    private static java.util.logging.Logger quiet(String name) {
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
        logger.setLevel(java.util.logging.Level.WARNING);
        return logger;
    }

    private MarinaOperator startOperator() {
        // A client of its own, as a separate operator process would have.
        KubernetesClient operatorClient =
                server.createClient(builder -> builder.withKubernetesSerialization(ResourceSerialization.create()));
        operatorClients.add(operatorClient);
        MarinaOperator operator = new MarinaOperator(
                operatorClient,
                Set.of(),
                Optional.empty(),
                new ClusterController(operatorClient, KubernetesSettings.DEFAULT, Clock.systemUTC()));
        operators.add(operator);
        operator.start();
        return operator;
    }

    private void awaitReady(String name) {
        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(readyCondition(name))
                        .hasValueSatisfying(
                                condition -> assertThat(condition.status()).isEqualTo("True")));
    }

    private Optional<Condition> readyCondition(String name) {
        DatabaseClusterResource resource = cluster(name).get();
        return resource == null || resource.getStatus() == null
                ? Optional.empty()
                : resource.getStatus().condition(Condition.READY);
    }

    private io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<
                    DatabaseClusterResource,
                    io.fabric8.kubernetes.api.model.KubernetesResourceList<DatabaseClusterResource>,
                    Resource<DatabaseClusterResource>>
            clusters() {
        return client.resources(DatabaseClusterResource.class).inNamespace(NAMESPACE);
    }

    private Resource<DatabaseClusterResource> cluster(String name) {
        return clusters().withName(name);
    }

    /** Everything in the namespace but the cluster resource itself. */
    private List<String> objectsInNamespace() {
        return Stream.of(
                        client.pods().inNamespace(NAMESPACE).list().getItems(),
                        client.persistentVolumeClaims()
                                .inNamespace(NAMESPACE)
                                .list()
                                .getItems(),
                        client.services().inNamespace(NAMESPACE).list().getItems(),
                        client.configMaps().inNamespace(NAMESPACE).list().getItems(),
                        client.secrets().inNamespace(NAMESPACE).list().getItems(),
                        client.policy()
                                .v1()
                                .podDisruptionBudget()
                                .inNamespace(NAMESPACE)
                                .list()
                                .getItems())
                .flatMap(List::stream)
                .map(object -> object.getKind() + " " + object.getMetadata().getName())
                .sorted()
                .toList();
    }

    private static List<String> names(List<? extends HasMetadata> objects) {
        return objects.stream()
                .map(object -> object.getMetadata().getName())
                .sorted()
                .toList();
    }

    /** Name to uid and resourceVersion: any write or replacement changes it. */
    private static Map<String, String> identities(List<? extends HasMetadata> objects) {
        return objects.stream()
                .collect(Collectors.toMap(
                        object -> object.getMetadata().getName(),
                        object -> object.getMetadata().getUid() + "@"
                                + object.getMetadata().getResourceVersion(),
                        (a, b) -> a,
                        TreeMap::new));
    }
}
