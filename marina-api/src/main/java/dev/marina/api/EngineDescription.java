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

    /** The component whose members hold the data (and one of them is the primary): the first that holds data. */
    public String dataComponent() {
        return components.entrySet().stream()
                .filter(entry -> entry.getValue().holdsData())
                .map(Map.Entry::getKey)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("engine " + name + " has no component that holds data"));
    }

    /** Whether members of {@code componentName} hold no data (a gateway): they are started and probed, never cloned. */
    public boolean isStateless(String componentName) {
        return component(componentName).map(component -> !component.holdsData()).orElse(false);
    }

    /**
     * One kind of member.
     *
     * @param required whether every cluster of the engine has this component
     * @param minReplicas the fewest members the engine can run the component with
     * @param maxReplicas the most members
     * @param defaultReplicas used when the spec omits {@code replicas}
     * @param managedSettings engine settings Marina sets itself (ports, paths, replication); a spec may not override
     * @param holdsData whether members keep data (database members) or hold none and can be replaced at will (a
     *     gateway)
     * @param settings when not empty, the only settings the component takes, each with the values it accepts; when
     *     empty, any setting passes through to the engine unchanged
     */
    public record ComponentDescription(
            boolean required,
            int minReplicas,
            int maxReplicas,
            int defaultReplicas,
            Set<String> managedSettings,
            boolean holdsData,
            Map<String, SettingRule> settings) {

        public ComponentDescription {
            managedSettings = Set.copyOf(managedSettings);
            settings = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(settings));
        }

        /** A component whose members hold data and whose settings pass through to the engine. */
        public ComponentDescription(
                boolean required, int minReplicas, int maxReplicas, int defaultReplicas, Set<String> managedSettings) {
            this(required, minReplicas, maxReplicas, defaultReplicas, managedSettings, true, Map.of());
        }
    }

    /**
     * The values one setting accepts.
     *
     * @param pattern a regular expression the whole value must match
     * @param expected what to write, for the message when a value does not match (e.g. "transaction or session")
     */
    public record SettingRule(String pattern, String expected) {

        public SettingRule {
            requireNonNull(pattern, "pattern is null");
            requireNonNull(expected, "expected is null");
        }

        public boolean accepts(String value) {
            return value != null && value.matches(pattern);
        }
    }
}
