package dev.marina.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Map;

/**
 * Compute resources per member, shaped like Kubernetes' ResourceRequirements ({@code cpu}, {@code memory}), so the
 * operator can copy them onto pods; the local runtime uses {@code memory} to size the engine.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ResourcesSpec(
        // The custom resource definition gives both maps the fields cpu and memory (marina-operator's
        // SchemaRefinements), as Kubernetes' ResourceRequirements has them.
        @JsonPropertyDescription("cpu and/or memory as quantities (500m, 2; 512Mi, 2Gi).")
        Map<String, String> requests,

        @JsonPropertyDescription("cpu and/or memory as quantities (500m, 2; 512Mi, 2Gi).")
        Map<String, String> limits) {

    public ResourcesSpec {
        requests = requests == null ? Map.of() : Map.copyOf(requests);
        limits = limits == null ? Map.of() : Map.copyOf(limits);
    }
}
