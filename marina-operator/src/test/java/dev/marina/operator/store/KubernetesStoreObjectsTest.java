package dev.marina.operator.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.marina.api.AvailabilitySpec;
import dev.marina.api.ClusterSpec;
import dev.marina.api.ComponentSpec;
import dev.marina.api.DatabaseCluster;
import dev.marina.api.DatabaseOperation;
import dev.marina.api.ObjectMeta;
import dev.marina.api.OperationSpec;
import dev.marina.api.OperationStatus;
import dev.marina.api.OperationStep;
import dev.marina.control.member.MemberIdentity;
import dev.marina.control.member.MemberRecord;
import dev.marina.control.store.StoredCluster;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the Kubernetes store does that the contract cannot see: the objects it makes and how it writes them. */
@EnableKubernetesMockClient(crud = true, https = false)
class KubernetesStoreObjectsTest {

    private static final String NAMESPACE = "marina-test";

    KubernetesMockServer server;
    KubernetesClient client;

    private KubernetesStore store;

    @BeforeEach
    void openStore() {
        TestCustomResourceDefinitions.install(client);
        store = new KubernetesStore(client, NAMESPACE, Clock.systemUTC());
    }

    @Test
    void theStateConfigMapSecretEventsAndOperationsAreNamedAndLabelledForTheCluster() {
        StoredCluster created = store.save(cluster("demo", 3)).cluster();
        store.saveMember("demo", member(0));
        store.saveSecret("demo", "superuser", "s3cret");
        store.appendEvent("demo", "demo-db-0", "Normal", "Started", "started demo-db-0");
        store.saveOperation(operation("demo-restart-1"));

        ConfigMap state = client.configMaps()
                .inNamespace(NAMESPACE)
                .withName("demo-marina-state")
                .get();
        assertThat(state.getMetadata().getLabels())
                .containsEntry("marina.dev/cluster", "demo")
                .containsEntry("app.kubernetes.io/managed-by", "marina")
                .containsEntry("app.kubernetes.io/component", "state");
        assertThat(state.getMetadata().getOwnerReferences())
                .as("no owner: the state outlives a delete without purge")
                .isNullOrEmpty();
        assertThat(state.getData()).containsKeys("spec", "members", "last-event-id");

        Secret secret = client.secrets()
                .inNamespace(NAMESPACE)
                .withName("demo-marina-secrets")
                .get();
        assertThat(secret.getType()).isEqualTo("Opaque");
        assertThat(secret.getMetadata().getLabels())
                .containsEntry("marina.dev/cluster", "demo")
                .containsEntry("app.kubernetes.io/managed-by", "marina");
        assertThat(secret.getMetadata().getOwnerReferences()).isNullOrEmpty();

        List<Event> events = client.v1().events().inNamespace(NAMESPACE).list().getItems();
        assertThat(events).singleElement().satisfies(event -> {
            assertThat(event.getMetadata().getName()).isEqualTo("demo.marina-event-1");
            assertThat(event.getMetadata().getLabels())
                    .containsEntry("marina.dev/cluster", "demo")
                    .containsEntry("marina.dev/member", "demo-db-0");
            assertThat(event.getInvolvedObject().getKind()).isEqualTo("DatabaseCluster");
            assertThat(event.getInvolvedObject().getApiVersion()).isEqualTo("marina.dev/v1alpha1");
            assertThat(event.getInvolvedObject().getName()).isEqualTo("demo");
            assertThat(event.getInvolvedObject().getUid())
                    .isEqualTo(created.resource().metadata().uid());
            assertThat(event.getType()).isEqualTo("Normal");
            assertThat(event.getReason()).isEqualTo("Started");
        });

        GenericKubernetesResource operation = client.genericKubernetesResources(StoreObjects.OPERATIONS)
                .inNamespace(NAMESPACE)
                .withName("demo-restart-1")
                .get();
        assertThat(operation.getMetadata().getLabels()).containsEntry("marina.dev/cluster", "demo");
        assertThat(operation.getAdditionalProperties()).containsKeys("spec", "status");
    }

    @Test
    void secretsAreInTheSecretAndNowhereInTheState() {
        store.save(cluster("demo", 3));
        store.saveMember("demo", member(0));

        store.saveSecret("demo", "superuser", "very-secret-password");

        ConfigMap state = client.configMaps()
                .inNamespace(NAMESPACE)
                .withName("demo-marina-state")
                .get();
        assertThat(String.join("\n", state.getData().values()))
                .doesNotContain("very-secret-password")
                .doesNotContain(base64("very-secret-password"));
        Secret secret = client.secrets()
                .inNamespace(NAMESPACE)
                .withName("demo-marina-secrets")
                .get();
        assertThat(secret.getData()).containsEntry("superuser", base64("very-secret-password"));
    }

    @Test
    void aWriteThatMeetsAChangeMadeSinceItsReadIsComputedAgainFromTheNewState() {
        ClusterStates states = new ClusterStates(client, NAMESPACE);
        states.update("demo", state -> state.withMembers(List.of(member(0))));
        AtomicInteger attempts = new AtomicInteger();

        ClusterState written = states.update("demo", state -> {
            if (attempts.incrementAndGet() == 1) {
                // Another writer (another process) changes the ConfigMap between this read and this write.
                new ClusterStates(client, NAMESPACE)
                        .update("demo", other -> other.withOrdinalTaken("db").withOrdinalTaken("db"));
            }
            return state.withMembers(List.of(member(1)));
        });

        assertThat(attempts)
                .as("the API server refused the first write (409), the store read again")
                .hasValue(2);
        assertThat(written.members()).containsOnlyKeys("demo-db-0", "demo-db-1");
        assertThat(written.nextOrdinal("db"))
                .as("the other writer's change is kept")
                .isEqualTo(2);
        assertThat(states.read("demo")).isEqualTo(written);
    }

    @Test
    void twoStoresOnOneApiServerNeverHandOutAnOrdinalTwice() throws Exception {
        // Two stores with their own clients and locks: two operator processes, kept apart by the resourceVersion only.
        KubernetesClient otherClient = server.createClient();
        try {
            KubernetesStore other = new KubernetesStore(otherClient, NAMESPACE, Clock.systemUTC());
            List<Future<Integer>> futures = new ArrayList<>();
            try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < 20; i++) {
                    futures.add(executor.submit(() -> store.nextOrdinal("demo", "db")));
                    futures.add(executor.submit(() -> other.nextOrdinal("demo", "db")));
                }
            }
            Set<Integer> ordinals = new HashSet<>();
            for (Future<Integer> future : futures) {
                ordinals.add(future.get());
            }
            assertThat(ordinals)
                    .hasSize(40)
                    .allSatisfy(ordinal -> assertThat(ordinal).isBetween(0, 39));
        } finally {
            otherClient.close();
        }
    }

    @Test
    void anEditWithKubectlIsSeenByTheOperatorAndActedOnOnlyOnceItIsAccepted() {
        store.save(cluster("demo", 3));
        GenericKubernetesResource resource = clusterResource("demo");

        // kubectl edit: the spec changes on the resource, without the store.
        Map<String, Object> spec = ResourceConversion.toObject(spec(5));
        resource.setAdditionalProperty("spec", spec);
        client.genericKubernetesResources(StoreObjects.CLUSTERS)
                .inNamespace(NAMESPACE)
                .resource(resource)
                .update();

        StoredCluster written = store.findAsWritten("demo").orElseThrow();
        assertThat(written.resource().spec()).isEqualTo(spec(5));
        assertThat(written.generation())
                .isEqualTo(2)
                .isEqualTo(clusterResource("demo").getMetadata().getGeneration());
        StoredCluster actedOn = store.find("demo").orElseThrow();
        assertThat(actedOn.resource().spec())
                .as("the control core goes on with the spec last accepted until the operator checked the edit")
                .isEqualTo(spec(3));
        assertThat(actedOn.generation()).isEqualTo(1);

        assertThat(store.saveDefaults(written.resource(), written.generation())).isPresent();

        StoredCluster accepted = store.find("demo").orElseThrow();
        assertThat(accepted.resource().spec()).isEqualTo(spec(5));
        assertThat(accepted.generation()).as("the API server's").isEqualTo(2);
        // Saving what kubectl wrote changes nothing.
        assertThat(store.save(cluster("demo", 5)).action()).isEqualTo("unchanged");
    }

    @Test
    void aSpecWrittenToTheStateButNotToTheResourceIsActedOnAndCopiedByTheNextStatusWrite() {
        StoredCluster created = store.save(cluster("demo", 3)).cluster();
        String uid = created.resource().metadata().uid();
        // What a crash between the two writes of saveWithMembers leaves: the state ahead of the resource.
        new ClusterStates(client, NAMESPACE)
                .update(
                        "demo",
                        state -> state.withSpec(new ClusterState.StoredSpec(uid, 2, spec(2)))
                                .withMembers(List.of(member(2).markedLeaving(false))));
        assertThat(clusterResource("demo").getMetadata().getGeneration()).isEqualTo(1);
        // The operator that crashed is gone with the copies its store kept; the next one reads the state afresh.
        KubernetesStore next = new KubernetesStore(client, NAMESPACE, Clock.systemUTC());

        StoredCluster found = next.find("demo").orElseThrow();
        assertThat(found.resource().spec()).isEqualTo(spec(2));
        assertThat(found.generation()).isEqualTo(2);

        next.saveStatus("demo", null);

        GenericKubernetesResource resource = clusterResource("demo");
        assertThat(ResourceConversion.toCluster(resource).spec()).isEqualTo(spec(2));
        assertThat(resource.getMetadata().getGeneration()).isEqualTo(2);
        assertThat(next.find("demo").orElseThrow().generation()).isEqualTo(2);
    }

    @Test
    void aStateChangedByHandMeetsTheStoresNextWriteAsAConflictAndIsKept() {
        store.save(cluster("demo", 3));
        store.saveMember("demo", member(0));
        // Someone else writes the state meanwhile (an edit by hand): the store's copy is now behind.
        new ClusterStates(client, NAMESPACE).update("demo", state -> state.withMembers(List.of(member(5))));

        store.saveMember("demo", member(6));

        assertThat(store.members("demo"))
                .extracting(MemberRecord::name)
                .containsExactlyInAnyOrder("demo-db-0", "demo-db-5", "demo-db-6");
        assertThat(new KubernetesStore(client, NAMESPACE, Clock.systemUTC()).members("demo"))
                .extracting(MemberRecord::name)
                .containsExactlyInAnyOrder("demo-db-0", "demo-db-5", "demo-db-6");
    }

    @Test
    void defaultsAreNeverWrittenOverAnEditMadeSinceTheClusterWasRead() {
        store.save(cluster("demo", 3));
        StoredCluster read = store.find("demo").orElseThrow();
        long readAt = read.generation();
        // What a validator fills in, for the operator to save.
        DatabaseCluster withDefaults = read.resource().withSpec(specOfVersion(3, "2"));
        // A user edits the resource meanwhile: five members.
        GenericKubernetesResource editing = clusterResource("demo");
        ResourceConversion.setSpecAndMetadata(editing, read.resource().withSpec(spec(5)));
        client.genericKubernetesResources(StoreObjects.CLUSTERS)
                .inNamespace(NAMESPACE)
                .resource(editing)
                .update();

        assertThat(store.saveDefaults(withDefaults, readAt)).isEmpty();

        DatabaseCluster now = ResourceConversion.toCluster(clusterResource("demo"));
        assertThat(now.spec()).isEqualTo(spec(5));
        StoredCluster edited = store.findAsWritten("demo").orElseThrow();
        assertThat(edited.resource().spec()).isEqualTo(spec(5));

        DatabaseCluster editedWithDefaults = edited.resource().withSpec(specOfVersion(5, "2"));
        assertThat(store.saveDefaults(editedWithDefaults, edited.generation()))
                .hasValueSatisfying(saved -> assertThat(saved.resource().spec()).isEqualTo(specOfVersion(5, "2")));
        assertThat(ResourceConversion.toCluster(clusterResource("demo")).spec()).isEqualTo(specOfVersion(5, "2"));
        assertThat(store.find("demo").orElseThrow().resource().spec()).isEqualTo(specOfVersion(5, "2"));
    }

    @Test
    void defaultsLeaveAnAnnotationAddedSinceTheClusterWasReadWhichMovesNoGeneration() {
        store.save(cluster("demo", 3));
        StoredCluster read = store.findAsWritten("demo").orElseThrow();
        // kubectl annotate: the metadata changes, the generation does not.
        GenericKubernetesResource annotating = clusterResource("demo");
        annotating.getMetadata().setAnnotations(Map.of("marina.dev/purge", "true"));
        client.genericKubernetesResources(StoreObjects.CLUSTERS)
                .inNamespace(NAMESPACE)
                .resource(annotating)
                .update();
        assertThat(clusterResource("demo").getMetadata().getGeneration()).isEqualTo(read.generation());

        assertThat(store.saveDefaults(read.resource().withSpec(specOfVersion(3, "2")), read.generation()))
                .isPresent();

        GenericKubernetesResource now = clusterResource("demo");
        assertThat(ResourceConversion.toCluster(now).spec()).isEqualTo(specOfVersion(3, "2"));
        assertThat(now.getMetadata().getAnnotations()).containsEntry("marina.dev/purge", "true");
    }

    @Test
    void eventIdsComeFromReservedBlocksAndAnotherOperatorStartsAboveThem() {
        store.save(cluster("demo", 3));
        String stateVersion = stateResourceVersion();

        long first = store.appendEvent("demo", null, "Normal", "Started", "one").id();
        String reservedAt = stateResourceVersion();
        long second =
                store.appendEvent("demo", null, "Normal", "Started", "two").id();
        long third =
                store.appendEvent("demo", null, "Normal", "Started", "three").id();

        assertThat(List.of(first, second, third)).containsExactly(1L, 2L, 3L);
        assertThat(reservedAt).as("one state write reserves the block").isNotEqualTo(stateVersion);
        assertThat(stateResourceVersion()).as("the next events write no state").isEqualTo(reservedAt);

        // The operator that takes over (one leads at a time) starts above everything the last one reserved.
        KubernetesStore next = new KubernetesStore(client, NAMESPACE, Clock.systemUTC());
        long fromTheNext =
                next.appendEvent("demo", null, "Normal", "Started", "four").id();

        assertThat(fromTheNext).isEqualTo(EventIds.BLOCK + 1);
        assertThat(next.events("demo", 10))
                .extracting(event -> event.message())
                .containsExactly("one", "two", "three", "four");
    }

    @Test
    void anAbsentStateOrSecretIsAskedForOnceUntilTheStoreWritesIt() {
        store.save(cluster("demo", 3));
        KubernetesStore fresh = new KubernetesStore(client, NAMESPACE, Clock.systemUTC());
        int before = server.getRequestCount();

        for (int read = 0; read < 5; read++) {
            assertThat(fresh.secret("demo", "superuser")).isEmpty();
            assertThat(fresh.members("demo")).isEmpty();
        }

        assertThat(server.getRequestCount() - before)
                .as("one GET each, answered 404")
                .isEqualTo(2);
        fresh.saveSecret("demo", "superuser", "s3cret");
        assertThat(fresh.secret("demo", "superuser")).contains("s3cret");
        assertThat(new KubernetesStore(client, NAMESPACE, Clock.systemUTC()).secret("demo", "superuser"))
                .contains("s3cret");
    }

    private String stateResourceVersion() {
        return client.configMaps()
                .inNamespace(NAMESPACE)
                .withName("demo-marina-state")
                .get()
                .getMetadata()
                .getResourceVersion();
    }

    @Test
    void theComponentsKeepTheirOrderWhereTheApiServerSortsTheKeysOfACustomResource() {
        Map<String, ComponentSpec> components = new LinkedHashMap<>();
        components.put("postgres", new ComponentSpec(3, Map.of(), null, null));
        components.put("gateway", new ComponentSpec(1, Map.of(), null, null));
        ClusterSpec ordered = new ClusterSpec(
                "fake", "1", components, new AvailabilitySpec(true, "automatic", null, null, null), false);
        store.save(DatabaseCluster.of(ObjectMeta.named("demo"), ordered));
        // A real API server keeps a custom resource as a Go map and writes its keys sorted; the mock keeps them.
        GenericKubernetesResource resource = clusterResource("demo");
        @SuppressWarnings("unchecked")
        Map<String, Object> spec =
                (Map<String, Object>) resource.getAdditionalProperties().get("spec");
        spec.put("components", new TreeMap<>((Map<String, Object>) spec.get("components")));
        client.genericKubernetesResources(StoreObjects.CLUSTERS)
                .inNamespace(NAMESPACE)
                .resource(resource)
                .update();
        assertThat(clusterResource("demo").getMetadata().getGeneration()).isEqualTo(1);

        StoredCluster found = store.find("demo").orElseThrow();

        assertThat(found.resource().spec().components().keySet()).containsExactly("postgres", "gateway");
    }

    @Test
    void aDeleteWithoutPurgeRemovesTheResourceOnlyAndAPurgeEverything() {
        store.save(cluster("demo", 3));
        store.saveMember("demo", member(0));
        store.saveSecret("demo", "superuser", "s3cret");
        store.appendEvent("demo", null, "Normal", "Created", "created");
        store.saveOperation(operation("demo-restart-1"));

        store.delete("demo", false);

        assertThat(clusterResource("demo")).isNull();
        assertThat(client.configMaps()
                        .inNamespace(NAMESPACE)
                        .withName("demo-marina-state")
                        .get())
                .isNotNull();
        assertThat(client.secrets()
                        .inNamespace(NAMESPACE)
                        .withName("demo-marina-secrets")
                        .get())
                .isNotNull();
        assertThat(client.v1().events().inNamespace(NAMESPACE).list().getItems())
                .hasSize(1);

        store.delete("demo", true);

        assertThat(client.configMaps()
                        .inNamespace(NAMESPACE)
                        .withLabel("marina.dev/cluster", "demo")
                        .list()
                        .getItems())
                .isEmpty();
        assertThat(client.secrets().inNamespace(NAMESPACE).list().getItems()).isEmpty();
        assertThat(client.v1().events().inNamespace(NAMESPACE).list().getItems())
                .isEmpty();
        assertThat(client.genericKubernetesResources(StoreObjects.OPERATIONS)
                        .inNamespace(NAMESPACE)
                        .list()
                        .getItems())
                .isEmpty();
    }

    @Test
    void anApiErrorNamesTheObjectAndTheHttpStatus() {
        server.expect()
                .get()
                .withPath("/api/v1/namespaces/" + NAMESPACE + "/configmaps/demo-marina-state")
                .andReturn(
                        403,
                        new StatusBuilder()
                                .withCode(403)
                                .withReason("Forbidden")
                                .withMessage("configmaps \"demo-marina-state\" is forbidden: no RBAC rule")
                                .build())
                .once();

        assertThatThrownBy(() -> store.members("demo"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ConfigMap marina-test/demo-marina-state")
                .hasMessageContaining("HTTP 403")
                .hasMessageContaining("no RBAC rule");
    }

    @Test
    void closingTheStoreLeavesTheClientOpen() {
        store.close();

        assertThat(client.configMaps().inNamespace(NAMESPACE).list().getItems()).isEmpty();
    }

    private GenericKubernetesResource clusterResource(String name) {
        return client.genericKubernetesResources(StoreObjects.CLUSTERS)
                .inNamespace(NAMESPACE)
                .withName(name)
                .get();
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static ClusterSpec spec(int replicas) {
        return new ClusterSpec(
                "fake",
                "1",
                Map.of("db", new ComponentSpec(replicas, Map.of(), null, null)),
                new AvailabilitySpec(true, "automatic", null, null, null),
                false);
    }

    private static ClusterSpec specOfVersion(int replicas, String version) {
        ClusterSpec spec = spec(replicas);
        return new ClusterSpec(
                spec.engine(), version, spec.components(), spec.availability(), spec.deletionProtection());
    }

    private static DatabaseCluster cluster(String name, int replicas) {
        return DatabaseCluster.of(ObjectMeta.named(name), spec(replicas));
    }

    private static MemberRecord member(int ordinal) {
        return new MemberRecord(
                new MemberIdentity("demo", "db", ordinal), Map.of("db", 20000 + ordinal), "", "2025-01-01T00:00:00Z");
    }

    private static DatabaseOperation operation(String name) {
        return DatabaseOperation.of(
                ObjectMeta.named(name),
                OperationSpec.of("demo", OperationSpec.RESTART).withMember("demo-db-1"),
                OperationStatus.pending(
                        List.of(OperationStep.planned(1, OperationStep.RESTART, "demo-db-1", "restart it")),
                        null,
                        "2025-01-01T00:00:00Z"));
    }
}
