package dev.marina.operator.topology;

import static java.util.Objects.requireNonNull;

import dev.marina.api.http.ClusterTopology;
import dev.marina.control.member.Credentials;
import dev.marina.control.service.NotFoundException;
import dev.marina.control.service.TopologyAccess;
import dev.marina.control.service.TopologyFeed;
import dev.marina.control.store.StoredCluster;
import dev.marina.operator.store.KubernetesStore;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * The control core's topology feed and its access rule over the store of one namespace, read afresh at every request
 * and, while a long poll waits, at every interval: no replica depends on what another holds in memory.
 */
final class NamespaceTopology {

    private final KubernetesClient client;
    private final String namespace;
    private final TopologyAccess access;
    private final TopologyFeed feed;

    NamespaceTopology(KubernetesClient client, String namespace, Duration interval) {
        this.client = requireNonNull(client, "client is null");
        this.namespace = requireNonNull(namespace, "namespace is null");
        this.access = new TopologyAccess(cluster -> store().secret(cluster, Credentials.GATEWAY));
        this.feed = new TopologyFeed(
                cluster -> store().find(cluster)
                        .map(StoredCluster::resource)
                        .orElseThrow(() -> new NotFoundException("cluster " + cluster + " not found in namespace "
                                + namespace + "; list clusters with: kubectl get databaseclusters -n " + namespace)),
                interval);
    }

    /**
     * A store for one read. A store may keep copies of the objects it writes, being their only writer; here another
     * process (the leader) writes them, so every read goes to the API server. The clock stamps events, which a reading
     * store never writes.
     */
    private KubernetesStore store() {
        return new KubernetesStore(client, namespace, Clock.systemUTC());
    }

    /** Whether {@code authorization} carries the gateway secret of {@code cluster}; false for an unknown cluster. */
    boolean admits(String cluster, String authorization) {
        return access.admits(cluster, authorization);
    }

    /** @throws NotFoundException when the cluster is gone, also while the caller waits */
    ClusterTopology answer(String cluster, Optional<String> after, Duration wait) {
        return feed.answer(cluster, after, wait);
    }
}
