package dev.marina.operator.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.marina.api.ClusterSpec;
import dev.marina.api.ClusterStatus;
import dev.marina.api.ComponentSpec;
import dev.marina.api.Condition;
import dev.marina.api.MemberStatus;
import dev.marina.api.OperationSpec;
import dev.marina.api.OperationStatus;
import dev.marina.api.ResourcesSpec;
import dev.marina.api.StorageSpec;
import dev.marina.operator.MarinaOperator;
import dev.marina.operator.crd.DatabaseClusterResource;
import dev.marina.operator.crd.DatabaseOperationResource;
import dev.marina.operator.render.ObjectLabels;
import dev.marina.testkit.FakeEngine;
import dev.marina.testkit.FakeEngine.Call;
import dev.marina.testkit.kubernetes.MockControllers;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the operator does with DatabaseClusters, as a user sees it through the API server: the real operator (the Java
 * Operator SDK with {@link ClusterController} and the control core behind it) with the CRDs of deploy/crds installed,
 * the testkit's mock controllers making pods Ready, binding claims and collecting garbage (a bare API server has no
 * scheduler, kubelet nor controller manager either), and {@link FakeMembers}: the fake engine and fake agents in the
 * pods, which report roles. A new, empty API server per test; each subclass says which ({@link
 * ClusterControllerOnMockServerTest} for tier 2, {@link ClusterControllerOnKubeApiServerTest} for tier 3).
 */
abstract class ClusterControllerScenarios {

    private static final String NAMESPACE = "shop";
    private static final String DEMO = "demo";
    private static final String M0 = "demo-db-0";
    private static final String M1 = "demo-db-1";
    private static final String M2 = "demo-db-2";
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private MockControllers controllers;
    private FakeMembers members;
    private final List<MarinaOperator> operators = new ArrayList<>();
    private final List<KubernetesClient> operatorClients = new ArrayList<>();

    /** The test's own client: a user with kubectl, and the mock controllers. */
    abstract KubernetesClient client();

    /** A new client for one operator, as a separate operator process would have; the caller closes it. */
    abstract KubernetesClient newOperatorClient();

    /** Whether the operator adds its finalizer by server-side apply, as in production ({@link MarinaOperator}). */
    abstract boolean serverSideApply();

    @BeforeEach
    void createNamespaceInstallDefinitionsStartControllersAndAgents() {
        TestNamespaces.create(client(), NAMESPACE);
        CheckedInDefinitions.install(client());
        controllers = MockControllers.start(client());
        members = new FakeMembers(client(), NAMESPACE);
    }

    @AfterEach
    void stopEverything() {
        operators.forEach(MarinaOperator::close);
        operatorClients.forEach(KubernetesClient::close);
        // Null when the setup failed part-way: what it did start is stopped all the same.
        if (controllers != null) {
            controllers.close();
        }
        if (members != null) {
            members.close();
        }
    }

    @Test
    void aThreeMemberClusterGetsItsObjectsRolesOnItsPodsAndAReadyStatus() {
        startOperator();

        DatabaseClusterResource created = clusters()
                .resource(TestClusterResources.fake(NAMESPACE, DEMO, 3, null))
                .create();

        ClusterStatus status = awaitReady(DEMO);
        assertThat(status.primary()).isEqualTo(M0);
        assertThat(status.observedGeneration())
                .isEqualTo(cluster(DEMO).get().getMetadata().getGeneration());
        await().atMost(PATIENCE)
                .untilAsserted(() ->
                        assertThat(roleLabels()).isEqualTo(Map.of(M0, "primary@1", M1, "replica@1", M2, "replica@1")));
        FakeEngine engine = members.engine();
        assertThat(engine.calls("initialize")).containsExactly(new Call("initialize", List.of(M0)));
        assertThat(engine.calls("cloneFrom"))
                .containsExactlyInAnyOrder(
                        new Call("cloneFrom", List.of(M1, M0)), new Call("cloneFrom", List.of(M2, M0)));

        assertThat(names(client().pods().inNamespace(NAMESPACE).list().getItems()))
                .containsExactly(M0, M1, M2);
        assertThat(names(client().persistentVolumeClaims()
                        .inNamespace(NAMESPACE)
                        .list()
                        .getItems()))
                .containsExactly(M0 + "-data", M1 + "-data", M2 + "-data");
        assertThat(names(client().services().inNamespace(NAMESPACE).list().getItems()))
                .containsExactly("demo-members", "demo-ro", "demo-rw");
        assertThat(names(client().policy()
                        .v1()
                        .podDisruptionBudget()
                        .inNamespace(NAMESPACE)
                        .list()
                        .getItems()))
                .containsExactly("demo-db");
        assertThat(names(client().configMaps()
                        .inNamespace(NAMESPACE)
                        .withLabel(ObjectLabels.MANAGED_BY, ObjectLabels.MANAGER)
                        .list()
                        .getItems()))
                .containsExactly(M0 + "-config", M1 + "-config", M2 + "-config");
        assertThat(names(client().secrets()
                        .inNamespace(NAMESPACE)
                        .withLabel(ObjectLabels.MANAGED_BY, ObjectLabels.MANAGER)
                        .list()
                        .getItems()))
                .containsExactly(
                        "demo-app", "demo-credentials", M0 + "-secret", M1 + "-secret", M2 + "-secret", "demo-tls");

        String uid = created.getMetadata().getUid();
        assertThat(client().pods().inNamespace(NAMESPACE).list().getItems())
                .allSatisfy(pod -> assertThat(pod.getMetadata().getOwnerReferences())
                        .extracting(OwnerReference::getUid)
                        .containsExactly(uid));
        assertThat(client().persistentVolumeClaims()
                        .inNamespace(NAMESPACE)
                        .list()
                        .getItems())
                .allSatisfy(claim ->
                        assertThat(claim.getMetadata().getOwnerReferences()).isNullOrEmpty());
        // The members' ConfigMaps hold the plan the control core gave: who is primary.
        assertThat(config(M1)).contains("role = replica", "primary = " + M0);
        assertThat(config(M0)).contains("role = primary");
        assertThat(controllers.lastFailure()).isNull();
    }

    @Test
    void aDecommissionAskedForWithKubectlRemovesExactlyTheNamedMembersPodAndVolume() {
        startOperator();
        clusters().resource(TestClusterResources.fake(NAMESPACE, DEMO, 3, null)).create();
        awaitReady(DEMO);
        Map<String, String> podsBefore =
                identities(client().pods().inNamespace(NAMESPACE).list().getItems());

        operations()
                .resource(operation(
                        "retire-one",
                        OperationSpec.of(DEMO, OperationSpec.DECOMMISSION)
                                .withMember(M1)
                                .withKeepData(false)))
                .create();

        awaitOperation("retire-one", OperationStatus.SUCCEEDED);
        // The operation's status is written during the pass, the cluster's at its end: until then it is the earlier
        // one.
        ClusterStatus status = awaitReady(DEMO, 2);
        assertThat(status.members()).extracting(MemberStatus::name).containsExactlyInAnyOrder(M0, M2);
        assertThat(names(client().pods().inNamespace(NAMESPACE).list().getItems()))
                .containsExactly(M0, M2);
        assertThat(names(client().persistentVolumeClaims()
                        .inNamespace(NAMESPACE)
                        .list()
                        .getItems()))
                .containsExactly(M0 + "-data", M2 + "-data");
        assertThat(client().configMaps()
                        .inNamespace(NAMESPACE)
                        .withName(M1 + "-config")
                        .get())
                .isNull();
        assertThat(identities(client().pods().inNamespace(NAMESPACE).list().getItems())
                        .keySet())
                .containsExactly(M0, M2);
        assertThat(uids(client().pods().inNamespace(NAMESPACE).list().getItems()))
                .as("the other members' pods are the same pods")
                .containsEntry(M0, podsBefore.get(M0).split("@")[0])
                .containsEntry(M2, podsBefore.get(M2).split("@")[0]);
        assertThat(cluster(DEMO)
                        .get()
                        .getSpec()
                        .components()
                        .get(FakeEngine.COMPONENT)
                        .replicas())
                .as("the spec says how many members are left")
                .isEqualTo(2);
        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(roleLabels()).isEqualTo(Map.of(M0, "primary@1", M2, "replica@1")));
    }

    @Test
    void anOperationTheChecksRefuseFinishesAsFailedSayingWhyAndChangesNothing() {
        startOperator();
        clusters().resource(TestClusterResources.fake(NAMESPACE, DEMO, 3, null)).create();
        awaitReady(DEMO);
        Map<String, String> podsBefore =
                identities(client().pods().inNamespace(NAMESPACE).list().getItems());

        operations()
                .resource(operation(
                        "retire-unknown",
                        OperationSpec.of(DEMO, OperationSpec.DECOMMISSION).withMember("demo-db-7")))
                .create();

        OperationStatus status = awaitOperation("retire-unknown", OperationStatus.FAILED);
        assertThat(status.message()).startsWith("refused: spec.member").contains("demo-db-7");
        assertThat(status.steps()).isEmpty();
        assertThat(uids(client().pods().inNamespace(NAMESPACE).list().getItems()))
                .containsOnlyKeys(M0, M1, M2);
        assertThat(identities(client().pods().inNamespace(NAMESPACE).list().getItems())
                        .keySet())
                .isEqualTo(podsBefore.keySet());
    }

    @Test
    void aChangedPodSpecIsRolledOutReplicasFirstAndThePrimaryLastAfterASwitchover() {
        startOperator();
        clusters().resource(TestClusterResources.fake(NAMESPACE, DEMO, 3, null)).create();
        awaitReady(DEMO);
        Map<String, String> uidsBefore =
                uids(client().pods().inNamespace(NAMESPACE).list().getItems());
        List<String> deleted = new CopyOnWriteArrayList<>();
        Watch watch = client().pods().inNamespace(NAMESPACE).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Pod pod) {
                if (action == Action.DELETED) {
                    deleted.add(pod.getMetadata().getName());
                }
            }

            @Override
            public void onClose(WatcherException cause) {}
        });
        try {
            clusters().withName(DEMO).edit(resource -> {
                ClusterSpec spec = resource.getSpec();
                ComponentSpec db = spec.components().get(FakeEngine.COMPONENT);
                resource.setSpec(new ClusterSpec(
                        spec.engine(),
                        spec.version(),
                        Map.of(
                                FakeEngine.COMPONENT,
                                new ComponentSpec(
                                        db.replicas(),
                                        db.config(),
                                        new ResourcesSpec(Map.of("cpu", "250m"), Map.of()),
                                        db.storage())),
                        spec.availability(),
                        spec.deletionProtection()));
                return resource;
            });

            await().atMost(PATIENCE).untilAsserted(() -> {
                List<Pod> pods = client().pods().inNamespace(NAMESPACE).list().getItems();
                assertThat(pods)
                        .hasSize(3)
                        .allSatisfy(pod -> assertThat(pod.getSpec()
                                        .getContainers()
                                        .get(0)
                                        .getResources()
                                        .getRequests())
                                .containsEntry("cpu", new Quantity("250m")));
                assertThat(operationPhases()).containsValue(OperationStatus.SUCCEEDED);
            });
            ClusterStatus status = awaitReady(DEMO);

            assertThat(deleted).as("each pod replaced once").hasSize(3);
            assertThat(deleted.subList(0, 2)).containsExactlyInAnyOrder(M1, M2);
            assertThat(deleted.get(2)).as("the primary goes last").isEqualTo(M0);
            assertThat(status.primary()).as("switched over before its pod went").isIn(M1, M2);
            assertThat(uids(client().pods().inNamespace(NAMESPACE).list().getItems()))
                    .allSatisfy((name, uid) -> assertThat(uid).isNotEqualTo(uidsBefore.get(name)));
            assertThat(operationPhases())
                    .as("one rolling update, started by the operator")
                    .hasSize(1)
                    .allSatisfy((name, phase) -> assertThat(name).contains("rolling-update"));
        } finally {
            watch.close();
        }
    }

    @Test
    void anOperatorRestartChangesNoPod() {
        MarinaOperator first = startOperator();
        clusters().resource(TestClusterResources.fake(NAMESPACE, DEMO, 3, null)).create();
        awaitReady(DEMO);
        await().atMost(PATIENCE)
                .untilAsserted(() ->
                        assertThat(roleLabels()).isEqualTo(Map.of(M0, "primary@1", M1, "replica@1", M2, "replica@1")));
        Map<String, String> podsBefore =
                identities(client().pods().inNamespace(NAMESPACE).list().getItems());
        Map<String, String> secretsBefore =
                identities(client().secrets().inNamespace(NAMESPACE).list().getItems());
        List<String> requestsBefore = members.agents().requests();

        first.close();
        // Work the new operator can be seen to do: a Service lost while no operator ran.
        client().services().inNamespace(NAMESPACE).withName("demo-ro").delete();
        await().atMost(PATIENCE)
                .until(() -> client().services()
                                .inNamespace(NAMESPACE)
                                .withName("demo-ro")
                                .get()
                        == null);
        startOperator();

        await().atMost(PATIENCE)
                .until(() -> client().services()
                                .inNamespace(NAMESPACE)
                                .withName("demo-ro")
                                .get()
                        != null);
        awaitReady(DEMO);
        assertThat(identities(client().pods().inNamespace(NAMESPACE).list().getItems()))
                .isEqualTo(podsBefore);
        assertThat(identities(client().secrets().inNamespace(NAMESPACE).list().getItems()))
                .isEqualTo(secretsBefore);
        List<String> requestsAfter = members.agents().requests();
        assertThat(requestsAfter.subList(requestsBefore.size(), requestsAfter.size()))
                .as("the new operator asked the agents nothing that stops or starts an engine")
                .noneMatch(request ->
                        request.matches(".* POST /(engine/(start|stop|kill)|data/(initialize|clone|rewind)) .*"));
    }

    @Test
    void theClustersOwnObjectsDeletedOrEditedBySomeoneArePutBack() {
        startOperator();
        clusters().resource(TestClusterResources.fake(NAMESPACE, DEMO, 3, null)).create();
        awaitReady(DEMO);
        io.fabric8.kubernetes.api.model.Service readWrite =
                client().services().inNamespace(NAMESPACE).withName("demo-rw").get();
        String rendered = readWrite.getMetadata().getAnnotations().get(RenderedDigest.ANNOTATION);
        Map<String, String> selector = readWrite.getSpec().getSelector();

        // The operator reads these from informers now: it must still hear of what others do to them.
        client().services().inNamespace(NAMESPACE).withName("demo-ro").delete();
        client().secrets().inNamespace(NAMESPACE).withName("demo-app").delete();
        client().policy()
                .v1()
                .podDisruptionBudget()
                .inNamespace(NAMESPACE)
                .withName("demo-db")
                .delete();
        client().services().inNamespace(NAMESPACE).withName("demo-rw").edit(service -> {
            service.getMetadata().getAnnotations().put(RenderedDigest.ANNOTATION, "edited");
            service.getSpec().setSelector(Map.of("app", "elsewhere"));
            return service;
        });

        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(client().services()
                            .inNamespace(NAMESPACE)
                            .withName("demo-ro")
                            .get())
                    .isNotNull();
            assertThat(client().secrets()
                            .inNamespace(NAMESPACE)
                            .withName("demo-app")
                            .get())
                    .isNotNull();
            assertThat(client().policy()
                            .v1()
                            .podDisruptionBudget()
                            .inNamespace(NAMESPACE)
                            .withName("demo-db")
                            .get())
                    .isNotNull();
            io.fabric8.kubernetes.api.model.Service restored = client().services()
                    .inNamespace(NAMESPACE)
                    .withName("demo-rw")
                    .get();
            assertThat(restored.getMetadata().getAnnotations()).containsEntry(RenderedDigest.ANNOTATION, rendered);
            assertThat(restored.getSpec().getSelector()).isEqualTo(selector);
        });
        assertThat(client().secrets()
                        .inNamespace(NAMESPACE)
                        .withName("demo-app")
                        .get()
                        .getMetadata()
                        .getOwnerReferences())
                .extracting(OwnerReference::getName)
                .containsExactly(DEMO);
    }

    @Test
    void anInvalidClusterGetsAConditionNamingTheFieldAndNoObjectsUntilItIsFixed() {
        startOperator();

        clusters()
                .resource(TestClusterResources.fakeWithUnknownComponent(NAMESPACE, DEMO))
                .create();

        await().atMost(PATIENCE).untilAsserted(() -> {
            DatabaseClusterResource resource = cluster(DEMO).get();
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

        clusters().withName(DEMO).edit(resource -> {
            ClusterSpec spec = resource.getSpec();
            resource.setSpec(new ClusterSpec(
                    spec.engine(),
                    spec.version(),
                    Map.of(FakeEngine.COMPONENT, spec.components().get(FakeEngine.COMPONENT)),
                    spec.availability(),
                    spec.deletionProtection()));
            return resource;
        });

        awaitReady(DEMO);
        assertThat(names(client().pods().inNamespace(NAMESPACE).list().getItems()))
                .containsExactly(M0, M1, M2);
    }

    @Test
    void aProtectedClusterRefusesItsDeleteUntilTheProtectionIsLiftedAndThenKeepsItsVolumes() {
        startOperator();
        clusters().resource(TestClusterResources.fake(NAMESPACE, DEMO, 3, true)).create();
        awaitReady(DEMO);

        clusters().withName(DEMO).delete();

        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(
                                cluster(DEMO).get().getStatus().condition(RefusalStatus.DELETION_BLOCKED))
                        .hasValueSatisfying(condition -> {
                            assertThat(condition.status()).isEqualTo("True");
                            assertThat(condition.message()).contains("spec.deletionProtection", "kubectl patch");
                        }));
        assertThat(cluster(DEMO).get().getMetadata().getDeletionTimestamp()).isNotNull();
        assertThat(client().pods().inNamespace(NAMESPACE).list().getItems()).hasSize(3);

        clusters().withName(DEMO).edit(resource -> {
            ClusterSpec spec = resource.getSpec();
            resource.setSpec(
                    new ClusterSpec(spec.engine(), spec.version(), spec.components(), spec.availability(), false));
            return resource;
        });

        await().atMost(PATIENCE).until(() -> cluster(DEMO).get() == null);
        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(client().pods().inNamespace(NAMESPACE).list().getItems()).isEmpty();
            assertThat(client().services().inNamespace(NAMESPACE).list().getItems())
                    .isEmpty();
            assertThat(names(client().configMaps()
                            .inNamespace(NAMESPACE)
                            .withLabel(ObjectLabels.MANAGED_BY, ObjectLabels.MANAGER)
                            .list()
                            .getItems()))
                    .isEmpty();
        });
        assertThat(names(client().persistentVolumeClaims()
                        .inNamespace(NAMESPACE)
                        .list()
                        .getItems()))
                .containsExactly(M0 + "-data", M1 + "-data", M2 + "-data");
        // The passwords that open the data on those volumes stay with them.
        assertThat(client().secrets()
                        .inNamespace(NAMESPACE)
                        .withName("demo-marina-secrets")
                        .get())
                .isNotNull();
    }

    @Test
    void anInvalidEditOfARunningClusterIsRefusedWhileFailoverGoesOnUnderTheSpecLastAccepted() {
        startOperator();
        clusters().resource(TestClusterResources.fake(NAMESPACE, DEMO, 3, null)).create();
        ClusterStatus ready = awaitReady(DEMO);
        long accepted = ready.observedGeneration();

        DatabaseClusterResource edited = clusters().withName(DEMO).edit(resource -> {
            ClusterSpec spec = resource.getSpec();
            Map<String, ComponentSpec> components = new TreeMap<>(spec.components());
            components.put("pgbouncer", new ComponentSpec(1, null, null, null));
            resource.setSpec(new ClusterSpec(
                    spec.engine(), spec.version(), components, spec.availability(), spec.deletionProtection()));
            return resource;
        });
        long refused = edited.getMetadata().getGeneration();

        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(cluster(DEMO).get().getStatus())
                        .satisfies(status -> assertThat(status.condition(RefusalStatus.SPEC_ACCEPTED))
                                .hasValueSatisfying(condition -> {
                                    assertThat(condition.status()).isEqualTo("False");
                                    assertThat(condition.reason()).isEqualTo("InvalidSpec");
                                    assertThat(condition.message()).contains("spec.components.pgbouncer");
                                    assertThat(condition.observedGeneration()).isEqualTo(refused);
                                })));

        // The primary's pod goes: the refused edit must not keep the cluster from failing over.
        client().pods().inNamespace(NAMESPACE).withName(M0).withGracePeriod(0).delete();
        ClusterStatus failedOver = await().atMost(PATIENCE)
                .until(
                        () -> cluster(DEMO).get().getStatus(),
                        status -> status.primary() != null
                                && !status.primary().equals(M0)
                                && status.epoch() != null
                                && status.epoch() > ready.epoch());
        assertThat(failedOver.observedGeneration())
                .as("still the spec last accepted")
                .isEqualTo(accepted);
        assertThat(failedOver.condition(RefusalStatus.SPEC_ACCEPTED))
                .as("the core's passes keep the operator's condition")
                .isPresent();
        assertThat(names(client().pods().inNamespace(NAMESPACE).list().getItems()))
                .as("nothing of the refused component")
                .allSatisfy(pod -> assertThat(pod).doesNotContain("pgbouncer"));

        clusters().withName(DEMO).edit(resource -> {
            ClusterSpec spec = resource.getSpec();
            resource.setSpec(new ClusterSpec(
                    spec.engine(),
                    spec.version(),
                    Map.of(FakeEngine.COMPONENT, spec.components().get(FakeEngine.COMPONENT)),
                    spec.availability(),
                    spec.deletionProtection()));
            return resource;
        });

        long fixedGeneration = cluster(DEMO).get().getMetadata().getGeneration();
        ClusterStatus fixed = awaitReady(
                DEMO,
                status -> status.condition(RefusalStatus.SPEC_ACCEPTED).isEmpty()
                        && status.observedGeneration() >= fixedGeneration);
        assertThat(fixed.members()).hasSize(3);
    }

    @Test
    void aLargerStorageSizeGrowsEveryClaimOfTheComponentAndRestartsNoPod() {
        // A real API server resizes a claim only when its storage class allows it.
        client().storage()
                .v1()
                .storageClasses()
                .resource(new StorageClassBuilder()
                        .withNewMetadata()
                        .withName("expandable")
                        .endMetadata()
                        .withProvisioner("example.com/volumes")
                        .withAllowVolumeExpansion(true)
                        .build())
                .create();
        startOperator();
        DatabaseClusterResource resource = TestClusterResources.fake(NAMESPACE, DEMO, 3, null);
        resource.setSpec(withStorage(resource.getSpec(), "1Gi"));
        clusters().resource(resource).create();
        awaitReady(DEMO);
        Map<String, String> podsBefore =
                uids(client().pods().inNamespace(NAMESPACE).list().getItems());

        clusters().withName(DEMO).edit(edited -> {
            edited.setSpec(withStorage(edited.getSpec(), "2Gi"));
            return edited;
        });

        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(client().persistentVolumeClaims()
                            .inNamespace(NAMESPACE)
                            .list()
                            .getItems())
                    .hasSize(3)
                    .allSatisfy(claim -> assertThat(
                                    claim.getSpec().getResources().getRequests().get("storage"))
                            .isEqualTo(new Quantity("2Gi")));
            assertThat(client().v1().events().inNamespace(NAMESPACE).list().getItems())
                    .filteredOn(event -> "VolumeExpanding".equals(event.getReason()))
                    .extracting(event -> event.getMessage().split(" ")[2])
                    .containsExactlyInAnyOrder(M0 + "-data", M1 + "-data", M2 + "-data");
        });
        ClusterStatus status = awaitReady(DEMO);
        assertThat(status.observedGeneration())
                .isEqualTo(cluster(DEMO).get().getMetadata().getGeneration());
        assertThat(uids(client().pods().inNamespace(NAMESPACE).list().getItems()))
                .as("growing a volume replaces no pod")
                .isEqualTo(podsBefore);
        assertThat(operationPhases()).as("and implies no rolling update").isEmpty();

        // Back to 1Gi: a real API server's CEL rule refuses the edit itself; where none runs, the operator's check of
        // the change against the spec it last accepted does.
        try {
            clusters().withName(DEMO).edit(edited -> {
                edited.setSpec(withStorage(edited.getSpec(), "1Gi"));
                return edited;
            });
            await().atMost(PATIENCE)
                    .untilAsserted(() -> assertThat(
                                    cluster(DEMO).get().getStatus().condition(RefusalStatus.SPEC_ACCEPTED))
                            .hasValueSatisfying(condition -> assertThat(condition.message())
                                    .contains("spec.components.db.storage.size: cannot shrink from 2Gi to 1Gi")));
        } catch (KubernetesClientException refused) {
            assertThat(refused.getCode()).isEqualTo(422);
            assertThat(refused.getMessage()).contains("storage");
        }
        assertThat(client().persistentVolumeClaims()
                        .inNamespace(NAMESPACE)
                        .list()
                        .getItems())
                .allSatisfy(claim -> assertThat(
                                claim.getSpec().getResources().getRequests().get("storage"))
                        .isEqualTo(new Quantity("2Gi")));
    }

    private static ClusterSpec withStorage(ClusterSpec spec, String size) {
        ComponentSpec db = spec.components().get(FakeEngine.COMPONENT);
        return new ClusterSpec(
                spec.engine(),
                spec.version(),
                Map.of(
                        FakeEngine.COMPONENT,
                        new ComponentSpec(
                                db.replicas(), db.config(), db.resources(), new StorageSpec(size, "expandable"))),
                spec.availability(),
                spec.deletionProtection());
    }

    @Test
    void aPurgeAskedForByAnnotationDeletesTheVolumesAndTheStoredState() {
        startOperator();
        clusters().resource(TestClusterResources.fake(NAMESPACE, DEMO, 3, null)).create();
        awaitReady(DEMO);

        clusters().withName(DEMO).edit(resource -> {
            resource.getMetadata().setAnnotations(Map.of(ClusterRelease.PURGE_ANNOTATION, "true"));
            return resource;
        });
        clusters().withName(DEMO).delete();

        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(cluster(DEMO).get()).isNull();
            assertThat(objectsInNamespace()).isEmpty();
        });
    }

    private MarinaOperator startOperator() {
        KubernetesClient operatorClient = newOperatorClient();
        operatorClients.add(operatorClient);
        MarinaOperator operator = new MarinaOperator(
                operatorClient,
                Set.of(),
                Optional.empty(),
                new ClusterController(operatorClient, members.settings(), Clock.systemUTC()),
                serverSideApply());
        operators.add(operator);
        operator.start();
        return operator;
    }

    private ClusterStatus awaitReady(String name) {
        return awaitReady(name, status -> true);
    }

    /** Ready with {@code members} members. */
    private ClusterStatus awaitReady(String name, int members) {
        return awaitReady(name, status -> status.members().size() == members);
    }

    private ClusterStatus awaitReady(String name, Predicate<ClusterStatus> also) {
        return await().atMost(PATIENCE)
                .until(
                        () -> Optional.ofNullable(cluster(name).get())
                                .map(DatabaseClusterResource::getStatus)
                                .orElse(null),
                        status -> status != null
                                && status.isReady()
                                && status.condition(Condition.READY)
                                        .map(condition -> "True".equals(condition.status()))
                                        .orElse(false)
                                && also.test(status));
    }

    private OperationStatus awaitOperation(String name, String phase) {
        return await().atMost(PATIENCE)
                .until(
                        () -> Optional.ofNullable(operations().withName(name).get())
                                .map(DatabaseOperationResource::getStatus)
                                .orElse(null),
                        status -> status != null && phase.equals(status.phase()));
    }

    /** Every operation's name and phase. */
    private Map<String, String> operationPhases() {
        return operations().list().getItems().stream()
                .collect(Collectors.toMap(
                        operation -> operation.getMetadata().getName(),
                        operation -> operation.getStatus() == null
                                ? "none"
                                : operation.getStatus().phase(),
                        (a, b) -> a,
                        TreeMap::new));
    }

    private static DatabaseOperationResource operation(String name, OperationSpec spec) {
        DatabaseOperationResource resource = new DatabaseOperationResource();
        resource.setMetadata(
                new ObjectMetaBuilder().withNamespace(NAMESPACE).withName(name).build());
        resource.setSpec(spec);
        return resource;
    }

    private io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<
                    DatabaseOperationResource,
                    io.fabric8.kubernetes.api.model.KubernetesResourceList<DatabaseOperationResource>,
                    Resource<DatabaseOperationResource>>
            operations() {
        return client().resources(DatabaseOperationResource.class).inNamespace(NAMESPACE);
    }

    private Map<String, String> roleLabels() {
        return client().pods().inNamespace(NAMESPACE).list().getItems().stream()
                .filter(pod -> pod.getMetadata().getLabels().containsKey(ObjectLabels.ROLE))
                .collect(Collectors.toMap(
                        pod -> pod.getMetadata().getName(),
                        pod -> pod.getMetadata().getLabels().get(ObjectLabels.ROLE) + "@"
                                + pod.getMetadata().getLabels().get(ObjectLabels.EPOCH),
                        (left, right) -> left,
                        TreeMap::new));
    }

    private String config(String member) {
        return client().configMaps()
                .inNamespace(NAMESPACE)
                .withName(member + "-config")
                .get()
                .getData()
                .get(FakeEngine.CONFIG_FILE);
    }

    private static Map<String, String> uids(List<Pod> pods) {
        return pods.stream()
                .collect(Collectors.toMap(
                        pod -> pod.getMetadata().getName(),
                        pod -> pod.getMetadata().getUid(),
                        (a, b) -> a,
                        TreeMap::new));
    }

    private io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<
                    DatabaseClusterResource,
                    io.fabric8.kubernetes.api.model.KubernetesResourceList<DatabaseClusterResource>,
                    Resource<DatabaseClusterResource>>
            clusters() {
        return client().resources(DatabaseClusterResource.class).inNamespace(NAMESPACE);
    }

    private Resource<DatabaseClusterResource> cluster(String name) {
        return clusters().withName(name);
    }

    /** Everything in the namespace but the cluster resource itself. */
    private List<String> objectsInNamespace() {
        return Stream.of(
                        client().pods().inNamespace(NAMESPACE).list().getItems(),
                        client().persistentVolumeClaims()
                                .inNamespace(NAMESPACE)
                                .list()
                                .getItems(),
                        client().services().inNamespace(NAMESPACE).list().getItems(),
                        client().configMaps().inNamespace(NAMESPACE).list().getItems(),
                        client().secrets().inNamespace(NAMESPACE).list().getItems(),
                        client().policy()
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
