package dev.marina.operator.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.marina.operator.store.ClusterCache;
import dev.marina.operator.store.TestCustomResourceDefinitions;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true, https = false)
class FeedCachesTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    KubernetesMockServer server;
    KubernetesClient client;

    private FeedCaches caches;

    @BeforeEach
    void installDefinitions() {
        TestCustomResourceDefinitions.install(client);
    }

    @AfterEach
    void closeCaches() {
        if (caches != null) {
            caches.close();
        }
    }

    /** However many namespaces requests name, watching every namespace starts one set of informers. */
    @Test
    void watchingEveryNamespaceOneCacheHoldsThemAll() {
        caches = new FeedCaches(client, true, (namespace, cluster) -> {}, TIMEOUT);

        ClusterCache shop = caches.of("shop");

        assertThat(caches.of("billing")).isSameAs(shop);
        assertThat(caches.of("shop")).isSameAs(shop);
    }

    @Test
    void watchingSomeNamespacesEachHasItsOwnCache() {
        caches = new FeedCaches(client, false, (namespace, cluster) -> {}, TIMEOUT);

        ClusterCache shop = caches.of("shop");

        assertThat(caches.of("billing")).isNotSameAs(shop);
        assertThat(caches.of("shop")).isSameAs(shop);
    }

    @Test
    void aCacheThatStoppedIsStartedAgain() {
        caches = new FeedCaches(client, false, (namespace, cluster) -> {}, TIMEOUT);
        ClusterCache first = caches.of("shop");

        first.close();
        ClusterCache second = caches.of("shop");

        assertThat(second).isNotSameAs(first);
        assertThat(second.isRunning()).isTrue();
        assertThat(second.isWatching()).isTrue();
    }

    @Test
    void closingStopsEveryCacheAndStartsNoOther() {
        caches = new FeedCaches(client, false, (namespace, cluster) -> {}, TIMEOUT);
        ClusterCache shop = caches.of("shop");

        caches.close();

        assertThat(shop.isRunning()).isFalse();
        assertThatThrownBy(() -> caches.of("shop"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("stopping");
        assertThatThrownBy(() -> caches.of("billing")).isInstanceOf(IllegalStateException.class);
    }
}
