package dev.marina.operator.render;

import static java.util.Objects.requireNonNull;

import dev.marina.api.DatabaseCluster;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.util.List;

/**
 * The owner reference that ties an object to its DatabaseCluster, so that Kubernetes removes it with the cluster. A
 * cluster read from a file has no uid yet: the reference then carries an empty uid, which the API server refuses, on
 * purpose: a made-up uid would be accepted and the garbage collector would delete the object at once, its owner not
 * being found. The operator renders with the uid of the stored resource.
 */
public final class ClusterOwner {

    private ClusterOwner() {}

    public static List<OwnerReference> of(DatabaseCluster cluster) {
        requireNonNull(cluster, "cluster is null");
        String uid = cluster.metadata().uid();
        return List.of(new OwnerReferenceBuilder()
                .withApiVersion(DatabaseCluster.API_VERSION)
                .withKind(DatabaseCluster.KIND)
                .withName(cluster.name())
                .withUid(uid == null ? "" : uid)
                .withController(true)
                .withBlockOwnerDeletion(true)
                .build());
    }
}
