package dev.marina.operator.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.marina.api.AvailabilitySpec;
import dev.marina.api.ClusterSpec;
import dev.marina.api.ClusterStatus;
import dev.marina.api.ComponentSpec;
import dev.marina.api.DatabaseCluster;
import dev.marina.api.ObjectMeta;
import dev.marina.control.store.StoredCluster;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The informers' view of the store's objects, over the fabric8 mock API server in CRUD mode: written through a
 * {@link KubernetesStore} with the test's client, as the leading operator writes them, and read by a cache with a client
 * of its own, as another replica reads them.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class ClusterCacheTest {

    private static final String NAMESPACE = "marina-test";
    private static final String OTHER_NAMESPACE = "marina-other";
    private static final String GATEWAY = "gateway";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    KubernetesMockServer server;
    KubernetesClient client;

    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final List<String> changes = new CopyOnWriteArrayList<>();
    private KubernetesStore store;

    @BeforeEach
    void openStore() {
        TestCustomResourceDefinitions.install(client);
        store = new KubernetesStore(client, NAMESPACE, Clock.systemUTC());
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable closeable : closeables.reversed()) {
            closeable.close();
        }
    }

    @Test
    void findsTheClusterTheStoreFindsAndFollowsItsChanges() {
        store.save(cluster("demo", 3));
        ClusterCache cache = cacheOf(NAMESPACE);
        assertThat(cache.find(NAMESPACE, "demo")).isEqualTo(store.find("demo"));

        store.save(cluster("demo", 4));
        store.saveStatus("demo", new ClusterStatus("Ready", 2L, null, "demo-db-0", null, List.of(), null));
        store.markDeleting("demo", true);

        await().atMost(TIMEOUT)
                .untilAsserted(() -> assertThat(cache.find(NAMESPACE, "demo")).isEqualTo(store.find("demo")));
        StoredCluster found = cache.find(NAMESPACE, "demo").orElseThrow();
        assertThat(found.resource().spec()).isEqualTo(spec(4));
        assertThat(found.resource().status().primary()).isEqualTo("demo-db-0");
        assertThat(found.deleting()).isTrue();
        assertThat(found.purge()).isTrue();

        store.delete("demo", false);

        await().atMost(TIMEOUT).until(() -> cache.find(NAMESPACE, "demo").isEmpty());
    }

    /** The store's rule, not the resource alone: what a crash between the store's two writes of a spec leaves. */
    @Test
    void aSpecTheStateHoldsAheadOfTheResourceIsTheOneFound() {
        String uid =
                store.save(cluster("demo", 3)).cluster().resource().metadata().uid();
        ClusterCache cache = cacheOf(NAMESPACE);
        assertThat(cache.find(NAMESPACE, "demo").orElseThrow().generation()).isEqualTo(1);

        new ClusterStates(client, NAMESPACE)
                .update("demo", state -> state.withSpec(new ClusterState.StoredSpec(uid, 2, spec(2))));

        await().atMost(TIMEOUT).untilAsserted(() -> {
            StoredCluster found = cache.find(NAMESPACE, "demo").orElseThrow();
            assertThat(found.resource().spec()).isEqualTo(spec(2));
            assertThat(found.generation()).isEqualTo(2);
        });
        // A store that reads the state afresh, as the next operator does after the crash: the test's store keeps a
        // copy.
        assertThat(cache.find(NAMESPACE, "demo"))
                .isEqualTo(new KubernetesStore(client, NAMESPACE, Clock.systemUTC()).find("demo"));
    }

    @Test
    void aClusterIsAssembledOnceWhileNeitherItsResourceNorItsStateChanges() {
        store.save(cluster("demo", 3));
        ClusterCache cache = cacheOf(NAMESPACE);

        StoredCluster first = cache.find(NAMESPACE, "demo").orElseThrow();

        assertThat(cache.find(NAMESPACE, "demo").orElseThrow()).isSameAs(first);
    }

    @Test
    void readsCostTheApiServerNoRequest() {
        store.save(cluster("demo", 3));
        store.saveSecret("demo", GATEWAY, "gateway-secret");
        ClusterCache cache = cacheOf(NAMESPACE);
        int started = server.getRequestCount();

        for (int read = 0; read < 100; read++) {
            assertThat(cache.find(NAMESPACE, "demo")).isPresent();
            assertThat(cache.find(NAMESPACE, "absent")).isEmpty();
            assertThat(cache.secret(NAMESPACE, "demo", GATEWAY)).contains("gateway-secret");
        }

        assertThat(server.getRequestCount() - started).isZero();
    }

    @Test
    void readsTheSecretKeysItKeepsAndRefusesOthers() {
        store.save(cluster("demo", 3));
        store.saveSecret("demo", GATEWAY, "gateway-secret");
        store.saveSecret("demo", "superuser", "superuser-secret");
        ClusterCache cache = cacheOf(NAMESPACE);

        assertThat(cache.secret(NAMESPACE, "demo", GATEWAY)).contains("gateway-secret");
        assertThat(cache.secret(NAMESPACE, "absent", GATEWAY)).isEmpty();
        assertThatThrownBy(() -> cache.secret(NAMESPACE, "demo", "superuser"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("superuser")
                .hasMessageNotContaining("superuser-secret");

        store.saveSecret("demo", GATEWAY, "rotated");

        await().atMost(TIMEOUT)
                .until(() -> cache.secret(NAMESPACE, "demo", GATEWAY).equals(Optional.of("rotated")));
    }

    @Test
    void tellsTheListenerOfEveryChangeToACluster() {
        store.save(cluster("demo", 3));
        ClusterCache cache = cacheOf(NAMESPACE);
        assertThat(cache.isWatching()).isTrue();
        changes.clear();

        store.saveStatus("demo", new ClusterStatus("Ready", 1L, null, null, null, List.of(), null));
        await().atMost(TIMEOUT).until(() -> changes.contains(NAMESPACE + "/demo"));
        changes.clear();
        store.markInitialized("demo");
        await().atMost(TIMEOUT).until(() -> changes.contains(NAMESPACE + "/demo"));
        changes.clear();
        store.saveSecret("demo", GATEWAY, "gateway-secret");
        await().atMost(TIMEOUT).until(() -> changes.contains(NAMESPACE + "/demo"));
    }

    @Test
    void aCacheOfOneNamespaceHoldsNoneOfAnothersAndOneOfEveryNamespaceHoldsAll() {
        store.save(cluster("demo", 3));
        KubernetesStore other = new KubernetesStore(client, OTHER_NAMESPACE, Clock.systemUTC());
        other.save(cluster("demo", 5));
        other.saveSecret("demo", GATEWAY, "other-secret");

        ClusterCache one = cacheOf(NAMESPACE);
        ClusterCache every =
                ClusterCache.inEveryNamespace(replica(), Set.of(GATEWAY), (namespace, cluster) -> {}, TIMEOUT);
        closeables.add(every);

        assertThat(one.find(OTHER_NAMESPACE, "demo")).isEmpty();
        assertThat(one.secret(OTHER_NAMESPACE, "demo", GATEWAY)).isEmpty();
        assertThat(every.find(NAMESPACE, "demo").orElseThrow().resource().spec())
                .isEqualTo(spec(3));
        assertThat(every.find(OTHER_NAMESPACE, "demo").orElseThrow().resource().spec())
                .isEqualTo(spec(5));
        assertThat(every.secret(OTHER_NAMESPACE, "demo", GATEWAY)).contains("other-secret");
    }

    @Test
    void anApiServerThatDoesNotAnswerFailsTheStart() {
        KubernetesClient unreachable = new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder()
                        .withMasterUrl("http://127.0.0.1:1")
                        .withRequestRetryBackoffLimit(0)
                        .withConnectionTimeout(2_000)
                        .build())
                .build();
        closeables.add(unreachable);

        assertThatThrownBy(() -> ClusterCache.inNamespace(
                        unreachable, NAMESPACE, Set.of(GATEWAY), (namespace, cluster) -> {}, TIMEOUT))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot list and watch the Marina clusters of namespace " + NAMESPACE);
    }

    @Test
    void aClosedCacheAnswersNothing() {
        store.save(cluster("demo", 3));
        ClusterCache cache = cacheOf(NAMESPACE);

        cache.close();

        assertThat(cache.isRunning()).isFalse();
        assertThatThrownBy(() -> cache.find(NAMESPACE, "demo"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("do not watch the API server");
    }

    private ClusterCache cacheOf(String namespace) {
        ClusterCache cache = ClusterCache.inNamespace(
                replica(),
                namespace,
                Set.of(GATEWAY),
                (changed, cluster) -> changes.add(changed + "/" + cluster),
                TIMEOUT);
        closeables.add(cache);
        return cache;
    }

    /** A client of its own, as another replica has. */
    private KubernetesClient replica() {
        KubernetesClient replica = server.createClient();
        closeables.add(replica);
        return replica;
    }

    private static ClusterSpec spec(int replicas) {
        return new ClusterSpec(
                "fake",
                "1",
                Map.of("db", new ComponentSpec(replicas, Map.of(), null, null)),
                new AvailabilitySpec(true, "automatic", null, null, null),
                false);
    }

    private static DatabaseCluster cluster(String name, int replicas) {
        return DatabaseCluster.of(ObjectMeta.named(name), spec(replicas));
    }
}
