package dev.marina.operator.topology;

import static java.util.Objects.requireNonNull;

import dev.marina.api.http.ClusterTopology;
import dev.marina.control.member.Credentials;
import dev.marina.control.service.NotFoundException;
import dev.marina.control.service.TopologyAccess;
import dev.marina.control.service.TopologyFeed;
import dev.marina.control.store.StoredCluster;
import dev.marina.operator.store.ClusterCache;
import java.time.Duration;
import java.util.Optional;

/**
 * The control core's topology feed and its access rule over the clusters of one namespace as the informers hold them
 * ({@link ClusterCache}): no replica depends on what another holds in memory, and no read is a request to the API
 * server. A long poll is woken by a change to its cluster ({@link WaitingPolls}) and reads the cache again besides at
 * every interval.
 */
final class NamespaceTopology {

    private final String namespace;
    private final WaitingPolls polls;
    private final TopologyAccess access;
    private final TopologyFeed feed;

    NamespaceTopology(ClusterCache cache, String namespace, Duration interval, WaitingPolls polls) {
        requireNonNull(cache, "cache is null");
        this.namespace = requireNonNull(namespace, "namespace is null");
        this.polls = requireNonNull(polls, "polls is null");
        this.access = new TopologyAccess(cluster -> cache.secret(namespace, cluster, Credentials.GATEWAY));
        this.feed = new TopologyFeed(
                cluster -> cache.find(namespace, cluster)
                        .map(StoredCluster::resource)
                        .orElseThrow(() -> new NotFoundException("cluster " + cluster + " not found in namespace "
                                + namespace + "; list clusters with: kubectl get databaseclusters -n " + namespace)),
                interval);
    }

    /** Whether {@code authorization} carries the gateway secret of {@code cluster}; false for an unknown cluster. */
    boolean admits(String cluster, String authorization) {
        return access.admits(cluster, authorization);
    }

    /** @throws NotFoundException when the cluster is gone, also while the caller waits */
    ClusterTopology answer(String cluster, Optional<String> after, Duration wait) {
        if (after.isEmpty()) {
            return feed.answer(cluster, after, wait);
        }
        return polls.waiting(new FeedPath(namespace, cluster), () -> feed.answer(cluster, after, wait));
    }
}
