package dev.marina.operator.controller;

import static java.util.Objects.requireNonNull;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the rendered objects of a cluster that are missing and updates those whose rendering changed (their {@link
 * RenderedDigest}), in the order rendered (Secrets and Services first), over the object as it is (its resourceVersion;
 * a Service keeps the clusterIP the API server gave it). The members' own objects (pod, volume claim, ConfigMap,
 * Secret) are not applied here: the control core creates them through the Kubernetes runtime, with the plan it gives
 * each member, and replaces a pod only in a restart it orders (a rolling update: replicas first, the primary last).
 */
final class ObjectApplier {

    private static final Logger LOG = LoggerFactory.getLogger(ObjectApplier.class);

    private final KubernetesClient client;

    ObjectApplier(KubernetesClient client) {
        this.client = requireNonNull(client, "client is null");
    }

    /** Applies {@code objects}, none of which may be a member's. */
    void apply(String cluster, Iterable<HasMetadata> objects) {
        for (HasMetadata object : objects) {
            applyByDigest(cluster, object, client.resource(object).get());
        }
    }

    private void applyByDigest(String cluster, HasMetadata object, HasMetadata existing) {
        String digest = RenderedDigest.of(object);
        Map<String, String> annotations = new LinkedHashMap<>();
        if (object.getMetadata().getAnnotations() != null) {
            annotations.putAll(object.getMetadata().getAnnotations());
        }
        annotations.put(RenderedDigest.ANNOTATION, digest);
        object.getMetadata().setAnnotations(annotations);
        if (existing == null) {
            client.resource(object).create();
            LOG.info("cluster {}: created {} {}", cluster, object.getKind(), name(object));
            return;
        }
        if (digest.equals(annotation(existing, RenderedDigest.ANNOTATION))) {
            return;
        }
        object.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
        if (object instanceof Service service && existing instanceof Service current) {
            service.getSpec().setClusterIP(current.getSpec().getClusterIP());
            service.getSpec().setClusterIPs(current.getSpec().getClusterIPs());
        }
        client.resource(object).update();
        LOG.info("cluster {}: updated {} {}", cluster, object.getKind(), name(object));
    }

    private static String annotation(HasMetadata object, String key) {
        Map<String, String> annotations = object.getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(key);
    }

    private static String name(HasMetadata object) {
        return object.getMetadata().getName();
    }
}
