package dev.marina.operator.store;

import dev.marina.api.ClusterSpec;
import dev.marina.api.DatabaseCluster;
import dev.marina.control.store.StoredCluster;
import dev.marina.operator.store.ClusterState.Deletion;
import dev.marina.operator.store.ClusterState.StoredSpec;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.Optional;

/**
 * A cluster as the control core sees it, from its {@code DatabaseCluster} resource and its state: one rule for every
 * reader of the store, the store itself ({@link KubernetesStore}) and the informers the topology feed reads
 * ({@link ClusterCache}), so that a gateway hears of the same spec the control core acts on.
 */
final class StoredClusters {

    private StoredClusters() {}

    /**
     * The resource, with the spec the control core acts on: the state's spec and generation while they are ahead of
     * the resource's, and also while the resource is at a generation the operator has not accepted yet (an edit made
     * with kubectl, checked by the operator's next pass, and never acted on if it is refused); and the deletion asked
     * for this resource (not for an earlier one of the same name). The state's copy of the same spec is taken too: it
     * keeps the components in the order they were written, which a real API server does not (it stores a custom
     * resource as a Go map and writes its keys sorted).
     */
    static StoredCluster of(GenericKubernetesResource resource, ClusterState state) {
        return of(resource, state, true);
    }

    /** The resource as written, with the state's spec only while the state is ahead (a save not copied yet). */
    static StoredCluster asWritten(GenericKubernetesResource resource, ClusterState state) {
        return of(resource, state, false);
    }

    private static StoredCluster of(GenericKubernetesResource resource, ClusterState state, boolean acceptedOnly) {
        DatabaseCluster cluster = ResourceConversion.toCluster(resource);
        String uid = cluster.metadata().uid();
        long generation = generationOf(resource, 0);
        ClusterSpec resourceSpec = cluster.spec();
        Optional<StoredSpec> ahead = state.specOf(uid)
                .filter(spec -> spec.generation() > generation
                        || (spec.generation() == generation && spec.spec().equals(resourceSpec))
                        || (acceptedOnly && spec.generation() < generation));
        if (ahead.isPresent()) {
            cluster = cluster.withSpec(ahead.get().spec())
                    .withMetadata(cluster.metadata().withGeneration(ahead.get().generation()));
        }
        Optional<Deletion> deletion = state.deletionOf(uid);
        return new StoredCluster(
                cluster, deletion.isPresent(), deletion.map(Deletion::purge).orElse(false));
    }

    /** The API server's generation, or {@code otherwise} where it keeps none. */
    static long generationOf(GenericKubernetesResource resource, long otherwise) {
        Long generation = resource.getMetadata().getGeneration();
        return generation == null ? otherwise : generation;
    }
}
