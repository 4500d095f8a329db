package dev.marina.operator.controller;

import static java.util.Objects.requireNonNull;

import dev.marina.operator.runtime.OwnedObjects;
import dev.marina.operator.runtime.Sighting;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
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
 *
 * <p>What an object is now comes from the namespace's informers ({@link OwnedObjects}), not from a read at every pass;
 * where they cannot say (this process's own write not seen yet), or a write over their copy fails because the copy was
 * stale (a conflict, or the object exists after all), the object is read from the API server and applied over that.
 */
final class ObjectApplier {

    private static final Logger LOG = LoggerFactory.getLogger(ObjectApplier.class);

    private final KubernetesClient client;
    private final OwnedObjects owned;

    ObjectApplier(KubernetesClient client, OwnedObjects owned) {
        this.client = requireNonNull(client, "client is null");
        this.owned = requireNonNull(owned, "owned is null");
    }

    /** Applies {@code objects}, none of which may be a member's. */
    void apply(String cluster, Iterable<HasMetadata> objects) {
        for (HasMetadata object : objects) {
            String digest = RenderedDigest.of(object);
            annotate(object, digest);
            Sighting sighting = owned.sighting(object);
            if (!sighting.isKnown()) {
                applyOverServer(cluster, object, digest);
            } else if (sighting.isAbsent()) {
                createOrApplyOverServer(cluster, object, digest);
            } else if (!sighting.annotation(RenderedDigest.ANNOTATION)
                    .orElse("")
                    .equals(digest)) {
                updateOrApplyOverServer(cluster, object, digest, sighting.copy().orElseThrow());
            }
        }
    }

    private void createOrApplyOverServer(String cluster, HasMetadata object, String digest) {
        try {
            create(cluster, object);
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
            // There after all (the informer had not seen it yet): compare with the object itself.
            applyOverServer(cluster, object, digest);
        }
    }

    private void updateOrApplyOverServer(String cluster, HasMetadata object, String digest, HasMetadata current) {
        try {
            update(cluster, object, current);
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409 && e.getCode() != 404) {
                throw e;
            }
            // Changed or deleted since the informer's copy: compare with the object as it is now.
            applyOverServer(cluster, object, digest);
        }
    }

    /** Reads the object from the API server, and creates or updates it when it is missing or another rendering. */
    private void applyOverServer(String cluster, HasMetadata object, String digest) {
        HasMetadata existing = client.resource(object).get();
        if (existing == null) {
            create(cluster, object);
            return;
        }
        owned.wrote(existing);
        if (digest.equals(annotation(existing, RenderedDigest.ANNOTATION))) {
            return;
        }
        update(cluster, object, existing);
    }

    private void create(String cluster, HasMetadata object) {
        // Set when an update found the object gone.
        object.getMetadata().setResourceVersion(null);
        owned.wrote(client.resource(object).create());
        LOG.info("cluster {}: created {} {}", cluster, object.getKind(), name(object));
    }

    /** Updates {@code existing} to {@code object}, over its resourceVersion; a Service keeps its cluster IPs. */
    private void update(String cluster, HasMetadata object, HasMetadata existing) {
        object.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
        if (object instanceof Service service && existing instanceof Service current && current.getSpec() != null) {
            service.getSpec().setClusterIP(current.getSpec().getClusterIP());
            service.getSpec().setClusterIPs(current.getSpec().getClusterIPs());
        }
        owned.wrote(client.resource(object).update());
        LOG.info("cluster {}: updated {} {}", cluster, object.getKind(), name(object));
    }

    private static void annotate(HasMetadata object, String digest) {
        Map<String, String> annotations = new LinkedHashMap<>();
        if (object.getMetadata().getAnnotations() != null) {
            annotations.putAll(object.getMetadata().getAnnotations());
        }
        annotations.put(RenderedDigest.ANNOTATION, digest);
        object.getMetadata().setAnnotations(annotations);
    }

    private static String annotation(HasMetadata object, String key) {
        Map<String, String> annotations = object.getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(key);
    }

    private static String name(HasMetadata object) {
        return object.getMetadata().getName();
    }
}
