package dev.marina.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the user wants: which engine, which version, which components and how available. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ClusterSpec(
        @Required
        @Size(max = 63)
        @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
        @ValidationRule(
                value = "self == oldSelf",
                message = "spec.engine cannot change on an existing cluster; create a new cluster and move the data")
        @JsonPropertyDescription("The engine to run, e.g. postgresql. It cannot change once the cluster exists.")
        String engine,

        @JsonPropertyDescription("The engine version, as text (\"15\"). Default: the newest this installation runs.")
        String version,
        // Bounded so that the API server can afford the CEL rule over component names (member name length).
        @Size(max = 16)
        @JsonPropertyDescription("Groups of members by kind (postgres, gateway); the engine says which exist.")
        Map<String, ComponentSpec> components,

        @JsonPropertyDescription("How available the data must be and how fast a failed primary is replaced.")
        AvailabilitySpec availability,

        @JsonPropertyDescription("When true, the cluster cannot be deleted until this is set to false.")
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
