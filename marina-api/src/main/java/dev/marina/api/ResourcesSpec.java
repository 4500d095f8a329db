package dev.marina.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * Compute resources per member, shaped like Kubernetes' ResourceRequirements ({@code cpu}, {@code memory}), so the
 * operator can copy them onto pods; the local runtime uses {@code memory} to size the engine.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ResourcesSpec(Map<String, String> requests, Map<String, String> limits) {

    public ResourcesSpec {
        requests = requests == null ? Map.of() : Map.copyOf(requests);
        limits = limits == null ? Map.of() : Map.copyOf(limits);
    }
}
