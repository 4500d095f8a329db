package dev.marina.operator.store;

import static java.util.Objects.requireNonNull;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The namespace's DatabaseClusters as an informer keeps them, for the control core's reads: a pass read its cluster
 * five to seven times (the pass, the credentials' hosts, each member's pod, the role labels), a request each. What the
 * store itself writes is remembered until the informer has it, so that the store reads its own writes; a copy may
 * otherwise lag the API server by a watch event, which these reads tolerate: the spec the core acts on comes from the
 * state ConfigMap ({@link StoredClusters}), and the writes that need the resource as it is (defaults, status, spec
 * copies) read it afresh and are made over its resourceVersion. The operator's own check of a resource reads the API
 * server ({@link KubernetesStore#findAsWritten}).
 */
public final class ClusterResources implements AutoCloseable {

    private final String namespace;
    private final SharedIndexInformer<GenericKubernetesResource> informer;
    /** Written (or deleted) by the store and possibly not yet seen so by the informer, by name. */
    private final Map<String, Written> written = new ConcurrentHashMap<>();

    /**
     * What the store did to a resource last: wrote it (the API server's answer), or deleted the one with {@code
     * deletedUid} (resource null).
     */
    private record Written(GenericKubernetesResource resource, String deletedUid) {}

    private ClusterResources(String namespace, SharedIndexInformer<GenericKubernetesResource> informer) {
        this.namespace = namespace;
        this.informer = informer;
    }

    /** Starts the informer of {@code namespace}'s DatabaseClusters; returns once it has listed them. */
    public static ClusterResources start(KubernetesClient client, String namespace) {
        requireNonNull(client, "client is null");
        requireNonNull(namespace, "namespace is null");
        return new ClusterResources(
                namespace,
                client.genericKubernetesResources(StoreObjects.CLUSTERS)
                        .inNamespace(namespace)
                        .inform());
    }

    /** The resource, or empty when the informer has none of that name (the caller asks the API server then). */
    Optional<GenericKubernetesResource> get(String name) {
        GenericKubernetesResource seen = informer.getStore().getByKey(namespace + "/" + name);
        Written own = written.get(name);
        if (own == null) {
            return Optional.ofNullable(seen);
        }
        if (own.resource() == null) {
            if (seen != null && own.deletedUid().equals(seen.getMetadata().getUid())) {
                // The informer has not seen the delete yet.
                return Optional.empty();
            }
            // Gone from the informer too, or created again since (another uid).
            written.remove(name, own);
            return Optional.ofNullable(seen);
        }
        if (seen != null && !isOlder(seen, own.resource())) {
            // The informer caught up (or someone wrote after the store): its copy is the one.
            written.remove(name, own);
            return Optional.of(seen);
        }
        return Optional.of(own.resource());
    }

    /** Every resource, in no particular order. */
    List<GenericKubernetesResource> list() {
        Map<String, GenericKubernetesResource> all = new java.util.TreeMap<>();
        informer.getStore()
                .list()
                .forEach(resource -> all.put(resource.getMetadata().getName(), resource));
        written.keySet().forEach(name -> all.put(name, null));
        List<GenericKubernetesResource> found = new java.util.ArrayList<>();
        all.keySet().forEach(name -> get(name).ifPresent(found::add));
        return found;
    }

    /** What a write of the store's returned, to be read until the informer has it or something newer. */
    void wrote(GenericKubernetesResource resource) {
        if (resource != null && resource.getMetadata() != null) {
            written.put(resource.getMetadata().getName(), new Written(resource, null));
        }
    }

    /** The store deleted the resource it had: read as absent until the informer agrees. */
    void deleted(String name) {
        get(name)
                .ifPresentOrElse(
                        resource -> written.put(
                                name, new Written(null, resource.getMetadata().getUid())),
                        () -> written.remove(name));
    }

    /**
     * Whether {@code seen} is older than {@code own}. Kubernetes says resourceVersions are opaque; every API server
     * (etcd's revision) and the mock one give increasing numbers, and anything else counts as not older.
     */
    private static boolean isOlder(GenericKubernetesResource seen, GenericKubernetesResource own) {
        try {
            return Long.parseLong(seen.getMetadata().getResourceVersion())
                    < Long.parseLong(own.getMetadata().getResourceVersion());
        } catch (NumberFormatException e) {
            return false;
        }
    }

    @Override
    public void close() {
        informer.close();
        written.clear();
    }
}
