package dev.marina.operator.controller;

import static java.util.Objects.requireNonNull;

import dev.marina.operator.render.RevisionHash;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the rendered objects that are missing and updates those whose rendering changed, in the order rendered
 * (Secrets and Services before the pods that use them). Three kinds are handled apart:
 *
 * <ul>
 *   <li>a pod is created, never updated here: a pod whose {@link RevisionHash} differs from the rendered one is
 *       reported as pending and left running. Replacing it is a rolling update's job (replicas first, the primary last),
 *       which comes with the Kubernetes runtime; an operator upgrade must not restart databases on its own;
 *   <li>a PersistentVolumeClaim is created, never updated: its spec is immutable but for growing, which comes with
 *       resizing;
 *   <li>any other object is updated when its {@link RenderedDigest} differs, over the object as it is (its
 *       resourceVersion; a Service keeps the clusterIP the API server gave it).
 * </ul>
 */
final class ObjectApplier {

    private static final Logger LOG = LoggerFactory.getLogger(ObjectApplier.class);

    private final KubernetesClient client;

    ObjectApplier(KubernetesClient client) {
        this.client = requireNonNull(client, "client is null");
    }

    /**
     * Applies {@code objects}; returns the names of the pods whose rendered revision differs from the running one
     * (sorted).
     */
    Set<String> apply(String cluster, Iterable<HasMetadata> objects) {
        Set<String> pending = new TreeSet<>();
        for (HasMetadata object : objects) {
            HasMetadata existing = client.resource(object).get();
            if (object instanceof Pod pod) {
                if (existing == null) {
                    client.resource(pod).create();
                    LOG.info("cluster {}: created pod {}", cluster, name(pod));
                } else if (!Objects.equals(revision(pod), revision(existing))) {
                    pending.add(name(pod));
                }
            } else if (object instanceof PersistentVolumeClaim claim) {
                if (existing == null) {
                    client.resource(claim).create();
                    LOG.info("cluster {}: created volume claim {}", cluster, name(claim));
                }
            } else {
                applyByDigest(cluster, object, existing);
            }
        }
        return pending;
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

    private static String revision(HasMetadata object) {
        return annotation(object, RevisionHash.ANNOTATION);
    }

    private static String annotation(HasMetadata object, String key) {
        Map<String, String> annotations = object.getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(key);
    }

    private static String name(HasMetadata object) {
        return object.getMetadata().getName();
    }
}
