package dev.marina.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import java.util.Map;
import java.util.TreeMap;

/**
 * A group of members of one kind. {@code replicas} counts every member of the component, the primary included, as
 * in Kubernetes. {@code config} holds engine-native settings, passed through to the engine unchanged.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ComponentSpec(
        // The upper bound is the engine's (postgres 9, gateway 5); ClusterValidator checks it.
        @Min(0) @JsonPropertyDescription("Members of the component, the primary included. Default: the engine's.")
        Integer replicas,

        @JsonPropertyDescription(
                "Engine-native settings, passed to the engine as written. Values are text: quote numbers and"
                        + " booleans (\"200\", \"on\").")
        Map<String, String> config,

        @JsonPropertyDescription("Compute resources per member: requests and limits of cpu and memory.")
        ResourcesSpec resources,

        @JsonPropertyDescription("Storage per member.") StorageSpec storage) {

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
