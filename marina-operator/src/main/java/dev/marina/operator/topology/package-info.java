/**
 * The gateways' topology feed, served by every operator replica for the clusters of the namespaces it manages: the
 * control core's {@link dev.marina.control.service.TopologyFeed} and {@link dev.marina.control.service.TopologyAccess}
 * over each namespace's {@link dev.marina.operator.store.KubernetesStore}, behind a namespaced route
 * ({@link FeedPath}) on the operator's HTTP port.
 */
package dev.marina.operator.topology;
