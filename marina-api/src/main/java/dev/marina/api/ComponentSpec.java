package dev.marina.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;
import java.util.TreeMap;

/**
 * A group of members of one kind. {@code replicas} counts every member of the component, the primary included, as
 * in Kubernetes. {@code config} holds engine-native settings, passed through to the engine unchanged.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ComponentSpec(
        Integer replicas, Map<String, String> config, ResourcesSpec resources, StorageSpec storage) {

    public ComponentSpec {
        config = config == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(config));
    }

    public int replicasOrDefault(int defaultReplicas) {
        return replicas == null ? defaultReplicas : replicas;
    }

    public ComponentSpec withReplicas(int newReplicas) {
        return new ComponentSpec(newReplicas, config, resources, storage);
    }
}
