package dev.marina.operator.runtime;

import static java.util.Objects.requireNonNull;

import dev.marina.operator.render.ObjectLabels;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;
import java.util.Optional;

/**
 * The members' pods and volume claims of one namespace, as informers keep them: the control core looks at every
 * member's pod several times a pass, which would otherwise be a request each. A copy may lag the API server by a watch
 * event, which the runtime's reads tolerate (they are polls, or followed by a write that fails on a conflict); fencing
 * reads the API server itself ({@link MemberPods#podNow}).
 */
public final class PodCache implements AutoCloseable {

    private final String namespace;
    private final SharedIndexInformer<Pod> pods;
    private final SharedIndexInformer<PersistentVolumeClaim> claims;

    private PodCache(
            String namespace, SharedIndexInformer<Pod> pods, SharedIndexInformer<PersistentVolumeClaim> claims) {
        this.namespace = namespace;
        this.pods = pods;
        this.claims = claims;
    }

    /** Starts the informers of the operator's pods and claims in {@code namespace}; returns once both have listed. */
    public static PodCache start(KubernetesClient client, String namespace) {
        requireNonNull(client, "client is null");
        requireNonNull(namespace, "namespace is null");
        SharedIndexInformer<Pod> pods = client.pods()
                .inNamespace(namespace)
                .withLabel(ObjectLabels.MANAGED_BY, ObjectLabels.MANAGER)
                .inform();
        SharedIndexInformer<PersistentVolumeClaim> claims = client.persistentVolumeClaims()
                .inNamespace(namespace)
                .withLabel(ObjectLabels.MANAGED_BY, ObjectLabels.MANAGER)
                .inform();
        return new PodCache(namespace, pods, claims);
    }

    Optional<Pod> pod(String name) {
        return Optional.ofNullable(pods.getStore().getByKey(namespace + "/" + name));
    }

    boolean claimExists(String name) {
        return claims.getStore().getByKey(namespace + "/" + name) != null;
    }

    /** The volume claims of {@code cluster}'s members, as the informer last saw them. */
    List<PersistentVolumeClaim> claims(String cluster) {
        return claims.getStore().list().stream()
                .filter(claim -> claim.getMetadata().getLabels() != null
                        && cluster.equals(claim.getMetadata().getLabels().get(ObjectLabels.CLUSTER)))
                .toList();
    }

    @Override
    public void close() {
        pods.close();
        claims.close();
    }
}
