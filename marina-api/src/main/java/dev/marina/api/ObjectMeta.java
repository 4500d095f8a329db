package dev.marina.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * Kubernetes-style object metadata. Only {@code name} is set by users; the control plane fills in the rest, so the
 * same document can later be applied to a Kubernetes API server unchanged.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ObjectMeta(
        String name,
        Map<String, String> labels,
        Map<String, String> annotations,
        Long generation,
        String uid,
        String creationTimestamp) {

    public ObjectMeta {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    }

    public static ObjectMeta named(String name) {
        return new ObjectMeta(name, Map.of(), Map.of(), null, null, null);
    }

    public ObjectMeta withGeneration(long newGeneration) {
        return new ObjectMeta(name, labels, annotations, newGeneration, uid, creationTimestamp);
    }

    public ObjectMeta withIdentity(String newUid, String newCreationTimestamp) {
        return new ObjectMeta(name, labels, annotations, generation, newUid, newCreationTimestamp);
    }
}
