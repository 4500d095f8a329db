/**
 * The operator's controller of {@code DatabaseCluster} resources: validation with the REST API's own validator, the
 * objects of {@link dev.marina.operator.render.ClusterObjects} applied, the cluster kept in the
 * {@link dev.marina.operator.store.KubernetesStore}, a status from the pods, and the finalizer that honours
 * {@code spec.deletionProtection} and keeps volumes unless a purge is asked for.
 *
 * <p>Not yet: roles and failover (they come from the agent in each pod and the control core's reconciler on the
 * Kubernetes runtime), replacing pods whose spec changed, scaling with the store's ordinals, operations.
 */
package dev.marina.operator.controller;
