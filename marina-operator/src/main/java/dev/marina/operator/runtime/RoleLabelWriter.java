package dev.marina.operator.runtime;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.marina.api.yaml.Serialization;
import dev.marina.operator.render.ObjectLabels;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a member's {@code marina.dev/role} and {@code marina.dev/epoch} labels onto its pod, or removes them: a merge
 * patch of the two labels alone, with no read first and nothing else of the pod sent.
 */
final class RoleLabelWriter {

    private static final Logger LOG = LoggerFactory.getLogger(RoleLabelWriter.class);

    private final KubernetesClient client;
    private final String namespace;
    private final PodCache cache;

    RoleLabelWriter(KubernetesClient client, String namespace, PodCache cache) {
        this.client = requireNonNull(client, "client is null");
        this.namespace = requireNonNull(namespace, "namespace is null");
        this.cache = requireNonNull(cache, "cache is null");
    }

    /**
     * Writes {@code role} and {@code epoch} onto the member's pod, or removes both when the role is empty; does nothing
     * when the pod is gone or already says so.
     */
    void label(String member, Optional<String> role, Optional<Long> epoch) {
        Pod pod = cache.pod(member).orElse(null);
        if (pod == null) {
            return;
        }
        Map<String, String> labels = pod.getMetadata().getLabels() == null
                ? Map.of()
                : pod.getMetadata().getLabels();
        Optional<String> epochText = role.isPresent() ? epoch.map(String::valueOf) : Optional.empty();
        if (role.equals(Optional.ofNullable(labels.get(ObjectLabels.ROLE)))
                && epochText.equals(Optional.ofNullable(labels.get(ObjectLabels.EPOCH)))) {
            return;
        }
        patchRole(member, role, epochText);
    }

    /**
     * Removes the member's role and epoch labels whatever the informer last saw: fencing must not skip a label the
     * informer has not seen yet.
     */
    void removeRole(String member) {
        patchRole(member, Optional.empty(), Optional.empty());
    }

    /** A null in a merge patch removes the label. */
    private void patchRole(String member, Optional<String> role, Optional<String> epochText) {
        ObjectNode labels = Serialization.json().createObjectNode();
        labels.put(ObjectLabels.ROLE, role.orElse(null));
        labels.put(ObjectLabels.EPOCH, epochText.orElse(null));
        ObjectNode patch = Serialization.json().createObjectNode();
        patch.putObject("metadata").set("labels", labels);
        try {
            client.pods()
                    .inNamespace(namespace)
                    .resource(PatchTargets.named(new Pod(), namespace, member))
                    .patch(PatchContext.of(PatchType.JSON_MERGE), patch.toString());
            LOG.info(
                    "namespace={} member={} role label {}",
                    namespace,
                    member,
                    role.map(value -> value + " (epoch " + epochText.orElse("?") + ")")
                            .orElse("removed"));
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
        }
    }
}
