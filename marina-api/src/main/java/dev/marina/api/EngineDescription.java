package dev.marina.api;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What an engine accepts in a cluster spec: its versions and components. Engines publish one; validation reads it, so
 * the API module knows no engine.
 *
 * @param name the engine name used in {@code spec.engine}
 * @param versions the versions this installation can run, newest last
 * @param components the components by name, in the order a cluster lists them
 */
public record EngineDescription(String name, List<String> versions, Map<String, ComponentDescription> components) {

    public EngineDescription {
        requireNonNull(name, "name is null");
        versions = List.copyOf(versions);
        components = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(components));
    }

    public Optional<ComponentDescription> component(String componentName) {
        return Optional.ofNullable(components.get(componentName));
    }

    /**
     * One kind of member.
     *
     * @param required whether every cluster of the engine has this component
     * @param minReplicas the fewest members the engine can run the component with
     * @param maxReplicas the most members
     * @param defaultReplicas used when the spec omits {@code replicas}
     * @param managedSettings engine settings Marina sets itself (ports, paths, replication); a spec may not override
     */
    public record ComponentDescription(
            boolean required, int minReplicas, int maxReplicas, int defaultReplicas, Set<String> managedSettings) {

        public ComponentDescription {
            managedSettings = Set.copyOf(managedSettings);
        }
    }
}
