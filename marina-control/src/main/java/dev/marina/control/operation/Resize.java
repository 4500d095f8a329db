package dev.marina.control.operation;

import dev.marina.api.AvailabilitySpec;
import dev.marina.api.ClusterSpec;
import dev.marina.api.ComponentSpec;
import java.util.LinkedHashMap;
import java.util.Map;

/** The spec with one component's replicas changed, as a scale or a decommission leaves it. */
public final class Resize {

    private Resize() {}

    /**
     * With {@code force}, a synchronous cluster whose data component drops below two members turns synchronous
     * replication off: one member has nobody to wait for, and the spec must stay valid.
     */
    public static ClusterSpec scaled(ClusterSpec spec, String component, int replicas, boolean force) {
        Map<String, ComponentSpec> components = new LinkedHashMap<>(spec.components());
        components.computeIfPresent(component, (name, current) -> current.withReplicas(replicas));
        AvailabilitySpec availability = spec.availability();
        boolean dataComponent = spec.components().keySet().iterator().next().equals(component);
        if (force
                && dataComponent
                && replicas < 2
                && spec.availabilityOrDefault().isSynchronous()) {
            AvailabilitySpec current = spec.availabilityOrDefault();
            availability = new AvailabilitySpec(
                    false,
                    current.failover(),
                    current.probeInterval(),
                    current.failureThreshold(),
                    current.maximumLagOnFailover());
        }
        return new ClusterSpec(spec.engine(), spec.version(), components, availability, spec.deletionProtection());
    }
}
