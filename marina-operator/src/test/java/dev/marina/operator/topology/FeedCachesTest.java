package dev.marina.operator.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.marina.operator.store.ClusterCache;
import dev.marina.operator.store.TestCustomResourceDefinitions;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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

    /**
     * While the API server does not answer, requests that queued behind an attempt to start get its failure: trying
     * again one after the other, each up to the start timeout, would keep a gateway's request past its own timeout.
     */
    @Test
    void requestsThatWaitedForAFailedStartGetItsFailure() throws Exception {
        try (ServerSocket silent = new ServerSocket(0);
                KubernetesClient unanswered = new KubernetesClientBuilder()
                        .withConfig(new ConfigBuilder()
                                .withMasterUrl("http://127.0.0.1:" + silent.getLocalPort())
                                .withRequestRetryBackoffLimit(0)
                                .build())
                        .build()) {
            caches = new FeedCaches(unanswered, false, (namespace, cluster) -> {}, Duration.ofSeconds(2));
            long started = System.nanoTime();

            List<Future<Throwable>> requests;
            try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
                requests = List.of(threads.submit(() -> failure("shop")), threads.submit(() -> failure("shop")));
            }

            for (Future<Throwable> request : requests) {
                assertThat(request.get())
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("namespace shop");
            }
            assertThat(Duration.ofNanos(System.nanoTime() - started))
                    .as("one attempt's timeout, not two")
                    .isLessThan(Duration.ofMillis(3500));
        }
    }

    private Throwable failure(String namespace) {
        try {
            caches.of(namespace);
            return null;
        } catch (RuntimeException e) {
            return e;
        }
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
