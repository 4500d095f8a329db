package dev.marina.operator.controller;

import static java.util.Objects.requireNonNull;

import dev.marina.operator.render.ObjectLabels;
import dev.marina.operator.store.KubernetesStore;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the finalizer does before it lets a DatabaseCluster go. Everything rendered but the volumes has an owner
 * reference to the resource, so Kubernetes' garbage collector deletes it once the resource is gone; the volumes have
 * none, so they stay, with the store's state ConfigMap and Secret (its passwords still open the data on them), and a
 * cluster created again under the same name finds them, as {@code marina delete} without {@code --purge} does locally.
 *
 * <p>A purge is asked for with the annotation {@value #PURGE_ANNOTATION}{@code : "true"} on the resource, set before the
 * delete ({@code kubectl annotate databasecluster orders marina.dev/purge=true}): then the volume claims go too (their
 * volumes follow their storage class's reclaim policy) and the store removes the cluster's operations, events, Secret
 * and state. An annotation rather than a field: a purge is a way of deleting, not part of the desired state, and it can
 * be set on a resource already being deleted.
 */
final class ClusterRelease {

    static final String PURGE_ANNOTATION = "marina.dev/purge";

    private static final Logger LOG = LoggerFactory.getLogger(ClusterRelease.class);

    private final KubernetesClient client;

    ClusterRelease(KubernetesClient client) {
        this.client = requireNonNull(client, "client is null");
    }

    void release(KubernetesStore store, String cluster, boolean purge) {
        String namespace = store.namespace();
        if (purge) {
            client.persistentVolumeClaims()
                    .inNamespace(namespace)
                    .withLabel(ObjectLabels.CLUSTER, cluster)
                    .delete();
        }
        // The resource is being deleted already; the store's delete adds what it keeps or removes beside it.
        store.delete(cluster, purge);
        LOG.info(
                "cluster {}/{}: released ({})",
                namespace,
                cluster,
                purge ? "purged: volumes and stored state deleted" : "volumes and stored state kept");
    }
}
