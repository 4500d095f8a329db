package dev.marina.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the user wants: which engine, which version, which components and how available. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ClusterSpec(
        String engine,
        String version,
        Map<String, ComponentSpec> components,
        AvailabilitySpec availability,
        Boolean deletionProtection) {

    public ClusterSpec {
        // Keep the user's order: components are listed and started in the order they were written.
        components =
                components == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(components));
    }

    public AvailabilitySpec availabilityOrDefault() {
        return availability == null ? AvailabilitySpec.DEFAULT : availability;
    }

    public boolean isDeletionProtected() {
        return Boolean.TRUE.equals(deletionProtection);
    }
}
