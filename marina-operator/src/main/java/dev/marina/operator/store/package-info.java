/**
 * The control core's {@link dev.marina.control.store.ClusterStore} on the Kubernetes API: a {@code DatabaseCluster}
 * custom resource per cluster, one state ConfigMap and one Secret beside it, core/v1 Events and
 * {@code DatabaseOperation} custom resources. See {@link dev.marina.operator.store.KubernetesStore}; and the same
 * clusters as informers keep them, for the readers of what another process writes
 * ({@link dev.marina.operator.store.ClusterCache}).
 */
package dev.marina.operator.store;
