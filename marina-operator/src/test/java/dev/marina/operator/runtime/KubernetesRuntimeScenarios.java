package dev.marina.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.marina.api.ClusterStatus;
import dev.marina.api.EngineCatalog;
import dev.marina.api.MemberStatus;
import dev.marina.api.OperationSpec;
import dev.marina.api.validation.ClusterValidator;
import dev.marina.control.event.EventRecorder;
import dev.marina.control.health.HealthMonitor;
import dev.marina.control.operation.OperationLedger;
import dev.marina.control.operation.OperationService;
import dev.marina.control.reconcile.ClusterReconciler;
import dev.marina.control.reconcile.ReconcileSettings;
import dev.marina.control.service.ClusterService;
import dev.marina.operator.agent.FakePodAgents;
import dev.marina.operator.agent.PodAgentClient;
import dev.marina.operator.render.KubernetesSettings;
import dev.marina.operator.render.ObjectLabels;
import dev.marina.operator.render.RevisionHash;
import dev.marina.operator.store.KubernetesStore;
import dev.marina.operator.store.TestCustomResourceDefinitions;
import dev.marina.testkit.FakeEngine;
import dev.marina.testkit.FakeEngine.Call;
import dev.marina.testkit.kubernetes.MockControllers;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Tier 2: the real control core ({@link ClusterReconciler}, {@link ClusterService}, operations) driving a cluster on
 * Kubernetes through {@link KubernetesRuntime} and {@link KubernetesStore}, on the fabric8 mock API server in CRUD mode
 * with the testkit's mock controllers, a {@link FakeEngine} as the engine and {@link FakePodAgents} as the agents in the
 * pods. Passes are run by the test, each followed by {@link RoleLabels}, as the operator does. A new, empty API server
 * per test; each subclass says which ({@link KubernetesRuntimeTest} fabric8's, {@link
 * KubernetesRuntimeOnIndexedMockServerTest} the same with the testkit's indexed store).
 */
abstract class KubernetesRuntimeScenarios {

    private static final String NAMESPACE = "shop";
    private static final String DEMO = "demo";
    private static final String M0 = "demo-db-0";
    private static final String M1 = "demo-db-1";
    private static final String M2 = "demo-db-2";
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final ReconcileSettings SETTINGS = new ReconcileSettings(
            Duration.ofMillis(100), Duration.ofSeconds(20), Duration.ofSeconds(20), Duration.ofSeconds(20));

    /** The test's client of the API server: for the mock controllers, the store, the runtime and the checks. */
    abstract KubernetesClient client();

    private final Clock clock = Clock.systemUTC();
    private final FakeEngine engine = new FakeEngine();
    private final List<String> triggered = new CopyOnWriteArrayList<>();
    private MockControllers controllers;
    private KubernetesStore store;
    private FakePodAgents agents;
    private HealthMonitor monitor;
    private ClusterReconciler reconciler;
    private ClusterService service;
    private OperationService operations;
    private OperationLedger ledger;
    private RoleLabels roles;
    private PodCache pods;
    private OwnedObjects owned;

    @BeforeEach
    void startTheControlCoreOnKubernetes() {
        TestCustomResourceDefinitions.install(client());
        controllers = MockControllers.start(client());
        store = new KubernetesStore(client(), NAMESPACE, clock);
        agents = new FakePodAgents(client(), NAMESPACE, store, engine);
        engine.answersOnlyWhen(agents::isRunning);
        pods = PodCache.start(client(), NAMESPACE);
        owned = OwnedObjects.start(client(), NAMESPACE, false, cluster -> {});
        startControlCore(KubernetesSettings.DEFAULT);
    }

    /** The control core as one operator runs it, rendering with {@code settings}. */
    private void startControlCore(KubernetesSettings settings) {
        KubernetesRuntime runtime = new KubernetesRuntime(
                client(),
                store,
                NAMESPACE,
                name -> engine,
                settings,
                agents::address,
                PodAgentClient.httpClient(),
                Duration.ofSeconds(10),
                pods,
                owned);
        monitor = new HealthMonitor(runtime);
        ClusterValidator validator = new ClusterValidator(EngineCatalog.of(List.of(engine.description())));
        ledger = new OperationLedger(store);
        operations = new OperationService(store, ledger, validator, clock, triggered::add);
        reconciler = new ClusterReconciler(
                name -> engine,
                runtime,
                store,
                new EventRecorder(store),
                clock,
                SETTINGS,
                monitor,
                ledger,
                operations::imply);
        service = new ClusterService(store, validator, name -> engine, runtime, triggered::add);
        roles = new RoleLabels(client(), store, NAMESPACE, pods);
    }

    @AfterEach
    void stopEverything() {
        monitor.close();
        agents.close();
        pods.close();
        owned.close();
        controllers.close();
    }

    @Test
    void theControlCoreBootstrapsClonesAndLabelsAThreeMemberCluster() {
        service.apply(yaml(3), false);

        ClusterStatus status = passUntilReady();

        assertThat(status.primary()).isEqualTo(M0);
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
        await().atMost(PATIENCE).untilAsserted(() -> {
            pass();
            assertThat(roleLabels()).isEqualTo(Map.of(M0, "primary@1", M1, "replica@1", M2, "replica@1"));
        });
        // The members' ConfigMaps hold the plan the control core gave: who is primary, the standby marker's place.
        assertThat(config(M1)).contains("role = replica", "primary = " + M0);
        assertThat(config(M0)).contains("role = primary");
        assertThat(manifest(M0)).contains("absent /var/lib/marina/data/standby.signal");
        assertThat(manifest(M1)).contains("config standby.signal /var/lib/marina/data/standby.signal");
        // Every pod is owned by its cluster, so Kubernetes deletes it with the resource.
        String uid = store.find(DEMO).orElseThrow().resource().metadata().uid();
        assertThat(client().pods().inNamespace(NAMESPACE).list().getItems())
                .allSatisfy(pod -> assertThat(pod.getMetadata().getOwnerReferences())
                        .singleElement()
                        .satisfies(owner -> assertThat(owner.getUid()).isEqualTo(uid)));
        assertThat(agents.requests()).contains(M0 + " POST /data/initialize 200", M1 + " POST /data/clone 200");
    }

    @Test
    void decommissionOfANamedMemberRemovesExactlyItsPodAndVolume() {
        service.apply(yaml(3), false);
        passUntilReady();
        Map<String, String> podUids =
                uids(client().pods().inNamespace(NAMESPACE).list().getItems());

        operations.create(
                OperationSpec.of(DEMO, OperationSpec.DECOMMISSION)
                        .withMember(M1)
                        .withKeepData(false),
                false);
        await().atMost(PATIENCE).until(() -> {
            pass();
            return ledger.unfinished(DEMO).isEmpty();
        });
        passUntilReady();

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
        assertThat(uids(client().pods().inNamespace(NAMESPACE).list().getItems()))
                .as("the other members' pods are the same pods")
                .containsEntry(M0, podUids.get(M0))
                .containsEntry(M2, podUids.get(M2));
        assertThat(roleLabels()).isEqualTo(Map.of(M0, "primary@1", M2, "replica@1"));
    }

    @Test
    void aPrimaryWhosePodIsGoneIsFailedOverAndComesBackAsAReplicaInANewPod() {
        service.apply(yaml(3), false);
        passUntilReady();
        String oldPod =
                uids(client().pods().inNamespace(NAMESPACE).list().getItems()).get(M0);
        monitor.start();

        // The node of the primary's pod is lost: the pod is gone at once, its engine with it.
        client().pods().inNamespace(NAMESPACE).withName(M0).withGracePeriod(0).delete();

        ClusterStatus failedOver = passUntil(
                status -> status.primary() != null && !status.primary().equals(M0));
        assertThat(failedOver.primary()).isIn(M1, M2);
        String promoted = failedOver.primary();
        String other = promoted.equals(M1) ? M2 : M1;
        ClusterStatus whole = passUntil(status -> status.isReady()
                && status.members().stream()
                        .allMatch(member -> MemberStatus.STATE_STREAMING.equals(member.state())
                                || member.name().equals(promoted)));
        assertThat(whole.primary()).isEqualTo(promoted);
        await().atMost(PATIENCE).untilAsserted(() -> {
            pass();
            assertThat(roleLabels()).isEqualTo(Map.of(promoted, "primary@2", other, "replica@2", M0, "replica@2"));
        });
        assertThat(uids(client().pods().inNamespace(NAMESPACE).list().getItems())
                        .get(M0))
                .as("the old primary runs in a new pod")
                .isNotEqualTo(oldPod);
        assertThat(engine.calls("promote")).isNotEmpty();
    }

    @Test
    void scalingOutAddsAClonedMemberAndScalingInRemovesReplicasNeverThePrimary() {
        service.apply(yaml(3), false);
        passUntilReady();
        Map<String, String> podUids =
                uids(client().pods().inNamespace(NAMESPACE).list().getItems());

        service.apply(yaml(4), false);
        ClusterStatus grown = passUntilReadyWith(4);

        assertThat(grown.primary()).isEqualTo(M0);
        assertThat(names(client().pods().inNamespace(NAMESPACE).list().getItems()))
                .containsExactly(M0, M1, M2, "demo-db-3");
        assertThat(engine.calls("cloneFrom")).contains(new Call("cloneFrom", List.of("demo-db-3", M0)));
        assertThat(uids(client().pods().inNamespace(NAMESPACE).list().getItems()))
                .as("the members that were there keep their pods")
                .containsAllEntriesOf(podUids);

        service.apply(yaml(2), false);
        ClusterStatus shrunk = passUntilReadyWith(2);

        assertThat(shrunk.primary()).isEqualTo(M0);
        assertThat(client().pods().inNamespace(NAMESPACE).list().getItems()).hasSize(2);
        assertThat(client().persistentVolumeClaims()
                        .inNamespace(NAMESPACE)
                        .list()
                        .getItems())
                .hasSize(2);
        assertThat(uids(client().pods().inNamespace(NAMESPACE).list().getItems()))
                .containsEntry(M0, podUids.get(M0));
    }

    @Test
    void aNewerOperatorThatRendersPodsDifferentlyReplacesNoPodAndQueuesNoRollingUpdate() {
        service.apply(yaml(3), false);
        passUntilReady();
        Map<String, String> podUids =
                uids(client().pods().inNamespace(NAMESPACE).list().getItems());
        Map<String, String> revisions = annotations(RevisionHash.ANNOTATION);

        // The next operator version renders another image for the same spec: every pod's revision would move.
        monitor.close();
        startControlCore(
                KubernetesSettings.DEFAULT.withImageTemplate("registry.example/marina-{engine}:{version}-next"));
        for (int pass = 0; pass < 5; pass++) {
            pass();
        }
        passUntilReady();

        assertThat(uids(client().pods().inNamespace(NAMESPACE).list().getItems()))
                .isEqualTo(podUids);
        assertThat(annotations(RevisionHash.ANNOTATION)).isEqualTo(revisions);
        assertThat(ledger.list(DEMO)).as("no rolling update").isEmpty();
        assertThat(engine.calls("initialize")).hasSize(1);
    }

    private Map<String, String> annotations(String key) {
        return client().pods().inNamespace(NAMESPACE).list().getItems().stream()
                .collect(Collectors.toMap(
                        pod -> pod.getMetadata().getName(),
                        pod -> pod.getMetadata().getAnnotations().get(key),
                        (left, right) -> left,
                        TreeMap::new));
    }

    private ClusterStatus passUntilReady() {
        return passUntil(status -> status.isReady());
    }

    private ClusterStatus passUntilReadyWith(int members) {
        return passUntil(status -> status.isReady() && status.members().size() == members);
    }

    private ClusterStatus passUntil(java.util.function.Predicate<ClusterStatus> wanted) {
        return await().atMost(PATIENCE)
                .until(
                        () -> {
                            pass();
                            return store.find(DEMO).orElseThrow().resource().status();
                        },
                        status -> status != null && wanted.test(status));
    }

    /** One pass of the control core, then the role labels from the status it stored, as the operator runs them. */
    private void pass() {
        reconciler.reconcile(DEMO);
        roles.publish(DEMO);
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

    private String manifest(String member) {
        return client().configMaps()
                .inNamespace(NAMESPACE)
                .withName(member + "-config")
                .get()
                .getData()
                .get("marina-manifest");
    }

    private static Map<String, String> uids(List<Pod> pods) {
        return pods.stream()
                .collect(Collectors.toMap(
                        pod -> pod.getMetadata().getName(),
                        pod -> pod.getMetadata().getUid()));
    }

    private static List<String> names(List<? extends HasMetadata> objects) {
        return objects.stream()
                .map(object -> object.getMetadata().getName())
                .sorted()
                .toList();
    }

    private static String yaml(int replicas) {
        return "apiVersion: marina.dev/v1alpha1\n"
                + "kind: DatabaseCluster\n"
                + "metadata:\n  name: " + DEMO + "\n"
                + "spec:\n  engine: fake\n  components:\n    db:\n      replicas: " + replicas + "\n"
                + "  availability:\n    synchronous: true\n";
    }
}
