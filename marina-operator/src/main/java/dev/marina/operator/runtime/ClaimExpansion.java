package dev.marina.operator.runtime;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.marina.api.ComponentSpec;
import dev.marina.api.DatabaseCluster;
import dev.marina.api.yaml.Serialization;
import dev.marina.operator.render.ObjectLabels;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Grows the members' volume claims to the size their component's {@code storage.size} asks for. Kubernetes expands a
 * bound claim when its storage class allows it ({@code allowVolumeExpansion}); the CSI driver then grows the volume and
 * its file system, while the pod runs for most drivers, at the pod's next start for the others. Claims never shrink:
 * Kubernetes refuses it, and a smaller size is reported once rather than tried again every pass. A claim is patched
 * only once Bound: Kubernetes resizes bound claims only, and a pending one grows on the first pass after it binds.
 */
public final class ClaimExpansion {

    private static final String BOUND = "Bound";

    /** What a pass did about one claim, for the cluster's events. */
    public record Outcome(String member, String claim, String from, String to, Optional<String> refusal) {

        public Outcome {
            requireNonNull(member, "member is null");
            requireNonNull(claim, "claim is null");
            requireNonNull(from, "from is null");
            requireNonNull(to, "to is null");
            requireNonNull(refusal, "refusal is null");
        }

        public boolean requested() {
            return refusal.isEmpty();
        }
    }

    private final KubernetesClient client;
    private final String namespace;
    private final PodCache cache;
    /** The size last refused (or found smaller) per claim: reported once, not again every pass. */
    private final Map<String, String> reported = new ConcurrentHashMap<>();

    public ClaimExpansion(KubernetesClient client, String namespace, PodCache cache) {
        this.client = requireNonNull(client, "client is null");
        this.namespace = requireNonNull(namespace, "namespace is null");
        this.cache = requireNonNull(cache, "cache is null");
    }

    /**
     * Asks for a larger volume for every bound claim of {@code cluster} smaller than its component's size.
     *
     * @param defaultSize the size of a component that gives none (the operator's setting)
     * @return what was asked for or refused; empty when every claim already has its size
     */
    public List<Outcome> expand(DatabaseCluster cluster, String defaultSize) {
        requireNonNull(cluster, "cluster is null");
        requireNonNull(defaultSize, "defaultSize is null");
        List<Outcome> outcomes = new ArrayList<>();
        for (PersistentVolumeClaim claim : cache.claims(cluster.name())) {
            desiredSize(cluster, claim, defaultSize)
                    .flatMap(desired -> expand(claim, desired))
                    .ifPresent(outcomes::add);
        }
        return outcomes;
    }

    /** Forgets what was reported about a cluster that is gone. */
    public void forget(String cluster) {
        reported.keySet().removeIf(key -> key.startsWith(cluster + "/"));
    }

    private static Optional<String> desiredSize(
            DatabaseCluster cluster, PersistentVolumeClaim claim, String defaultSize) {
        Map<String, String> labels = claim.getMetadata().getLabels();
        ComponentSpec component = cluster.spec().components().get(labels.get(ObjectLabels.MEMBER_COMPONENT));
        if (component == null) {
            // Its component is gone from the spec: the core decommissions the member, nothing to grow.
            return Optional.empty();
        }
        return Optional.of(
                component.storage() == null || component.storage().size() == null
                        ? defaultSize
                        : component.storage().size());
    }

    private Optional<Outcome> expand(PersistentVolumeClaim claim, String desired) {
        String name = claim.getMetadata().getName();
        String member = claim.getMetadata().getLabels().get(ObjectLabels.MEMBER);
        String key = claim.getMetadata().getLabels().get(ObjectLabels.CLUSTER) + "/" + name;
        Quantity requested = claim.getSpec().getResources() == null
                        || claim.getSpec().getResources().getRequests() == null
                ? null
                : claim.getSpec().getResources().getRequests().get("storage");
        if (requested == null
                || claim.getMetadata().getDeletionTimestamp() != null
                || claim.getStatus() == null
                || !BOUND.equals(claim.getStatus().getPhase())) {
            return Optional.empty();
        }
        int comparison = new Quantity(desired).getNumericalAmount().compareTo(requested.getNumericalAmount());
        if (comparison == 0) {
            reported.remove(key);
            return Optional.empty();
        }
        String from = requested.toString();
        if (comparison < 0) {
            return once(
                    key,
                    desired,
                    new Outcome(
                            member,
                            name,
                            from,
                            desired,
                            Optional.of("a volume claim cannot shrink; it stays at " + from)));
        }
        try {
            client.persistentVolumeClaims()
                    .inNamespace(namespace)
                    .resource(PatchTargets.named(new PersistentVolumeClaim(), namespace, name))
                    .patch(PatchContext.of(PatchType.JSON_MERGE), sizePatch(desired));
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return Optional.empty();
            }
            if (e.getCode() >= 500 || e.getCode() == 0) {
                // The API server's trouble, not the claim's: the next pass tries again.
                throw e;
            }
            String why = e.getStatus() != null && e.getStatus().getMessage() != null
                    ? e.getStatus().getMessage()
                    : e.getMessage();
            return once(key, desired, new Outcome(member, name, from, desired, Optional.of(why)));
        }
        reported.remove(key);
        return Optional.of(new Outcome(member, name, from, desired, Optional.empty()));
    }

    private Optional<Outcome> once(String key, String desired, Outcome outcome) {
        return desired.equals(reported.put(key, desired)) ? Optional.empty() : Optional.of(outcome);
    }

    private static String sizePatch(String size) {
        ObjectNode patch = Serialization.json().createObjectNode();
        patch.putObject("spec").putObject("resources").putObject("requests").put("storage", size);
        return patch.toString();
    }
}
