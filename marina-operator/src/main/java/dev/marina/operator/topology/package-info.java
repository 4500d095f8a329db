/**
 * The gateways' topology feed, served by every operator replica for the clusters of the namespaces it manages: the
 * control core's {@link dev.marina.control.service.TopologyFeed} and {@link dev.marina.control.service.TopologyAccess}
 * over the store's objects as informers keep them ({@link dev.marina.operator.store.ClusterCache}), behind a namespaced
 * route ({@link FeedPath}) on the operator's HTTP port.
 */
package dev.marina.operator.topology;
