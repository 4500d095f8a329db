package dev.marina.api.validation;

import static java.util.Objects.requireNonNull;

import dev.marina.api.AvailabilitySpec;
import dev.marina.api.ClusterSpec;
import dev.marina.api.ComponentSpec;
import dev.marina.api.DatabaseCluster;
import dev.marina.api.Durations;
import dev.marina.api.EngineCatalog;
import dev.marina.api.EngineDescription;
import dev.marina.api.EngineDescription.ComponentDescription;
import dev.marina.api.ObjectMeta;
import dev.marina.api.ResourcesSpec;
import dev.marina.api.StorageSpec;
import dev.marina.api.yaml.EditDistance;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a DatabaseCluster before anything changes, and fills in defaults. Every error names the field path and what
 * to do. Pure: no I/O, so every rule has a unit test.
 */
public final class ClusterValidator {

    /** Kubernetes' DNS-1123 label: what a member name must be on every runtime. */
    private static final Pattern DNS_LABEL = Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$");
    /** Member names are {@code <cluster>-<component>-<ordinal>}; keep room for the two dashes and a 4-digit ordinal. */
    private static final int MEMBER_NAME_LIMIT = 63;

    private static final int ORDINAL_ROOM = 6;
    private static final Pattern SETTING_NAME = Pattern.compile("^[A-Za-z_][A-Za-z0-9_.\\-]*$");
    private static final Set<String> RESOURCE_NAMES = Set.of("cpu", "memory");
    private static final Set<String> FAILOVER_MODES = Set.of(AvailabilitySpec.AUTOMATIC, AvailabilitySpec.MANUAL);
    private static final Duration MINIMUM_PROBE_INTERVAL = Duration.ofMillis(50);
    private static final Duration MAXIMUM_PROBE_INTERVAL = Duration.ofSeconds(60);

    private final EngineCatalog catalog;

    public ClusterValidator(EngineCatalog catalog) {
        this.catalog = requireNonNull(catalog, "catalog is null");
    }

    /** Validates a new or changed cluster on its own; returns the cluster with defaults filled in. */
    public DatabaseCluster validate(DatabaseCluster cluster) {
        List<FieldError> errors = new ArrayList<>();
        checkHeader(cluster, errors);
        ClusterSpec spec = cluster.spec();
        if (spec == null) {
            errors.add(new FieldError(null, "spec", "missing; a cluster needs spec.engine and spec.components"));
            throw new InvalidDocumentException(errors);
        }
        Optional<EngineDescription> engine = checkEngine(spec, errors);
        if (engine.isEmpty()) {
            throw new InvalidDocumentException(errors);
        }
        ClusterSpec defaulted = withDefaults(spec, engine.get());
        checkVersion(defaulted, engine.get(), errors);
        String clusterName =
                cluster.metadata() == null ? null : cluster.metadata().name();
        checkComponents(clusterName, defaulted, engine.get(), errors);
        checkAvailability(defaulted, engine.get(), errors);
        if (!errors.isEmpty()) {
            throw new InvalidDocumentException(errors);
        }
        return new DatabaseCluster(
                DatabaseCluster.API_VERSION, DatabaseCluster.KIND, cluster.metadata(), defaulted, cluster.status());
    }

    /** Validates {@code updated} as a change of {@code existing}: the rules above plus what may not change. */
    public DatabaseCluster validateUpdate(DatabaseCluster existing, DatabaseCluster updated) {
        requireNonNull(existing, "existing is null");
        List<FieldError> errors = new ArrayList<>();
        ClusterSpec before = existing.spec();
        ClusterSpec after = updated.spec();
        if (after != null && after.engine() != null && !after.engine().equals(before.engine())) {
            errors.add(new FieldError(
                    null,
                    "spec.engine",
                    "cannot change from '" + before.engine() + "' to '" + after.engine()
                            + "' on an existing cluster; create a new cluster and move the data"));
            throw new InvalidDocumentException(errors);
        }
        DatabaseCluster validated = validate(updated);
        for (Map.Entry<String, ComponentSpec> entry : before.components().entrySet()) {
            ComponentSpec now = validated.spec().components().get(entry.getKey());
            String path = "spec.components." + entry.getKey();
            if (now == null) {
                errors.add(new FieldError(
                        null, path, "cannot remove a component of an existing cluster; set its replicas instead"));
                continue;
            }
            checkStorageNotShrunk(path + ".storage.size", entry.getValue().storage(), now.storage(), errors);
        }
        if (!errors.isEmpty()) {
            throw new InvalidDocumentException(errors);
        }
        return validated;
    }

    private static void checkHeader(DatabaseCluster cluster, List<FieldError> errors) {
        if (cluster.apiVersion() == null) {
            errors.add(new FieldError(null, "apiVersion", "missing; set apiVersion: " + DatabaseCluster.API_VERSION));
        } else if (!DatabaseCluster.API_VERSION.equals(cluster.apiVersion())) {
            errors.add(new FieldError(
                    null,
                    "apiVersion",
                    "unknown version '" + cluster.apiVersion() + "'; use " + DatabaseCluster.API_VERSION));
        }
        ObjectMeta metadata = cluster.metadata();
        if (metadata == null || metadata.name() == null || metadata.name().isBlank()) {
            errors.add(new FieldError(null, "metadata.name", "missing; every cluster needs a name"));
            return;
        }
        checkName(metadata.name(), errors);
    }

    /** Checks a cluster name given on its own, as the CLI and API do for paths. */
    public static Optional<FieldError> checkClusterName(String name) {
        List<FieldError> errors = new ArrayList<>();
        if (name == null || name.isBlank()) {
            return Optional.of(new FieldError(null, "metadata.name", "missing; every cluster needs a name"));
        }
        checkName(name, errors);
        return errors.stream().findFirst();
    }

    private static void checkName(String name, List<FieldError> errors) {
        if (!DNS_LABEL.matcher(name).matches()) {
            errors.add(new FieldError(
                    null,
                    "metadata.name",
                    "'" + name + "' is not a DNS label; use lower-case letters, digits and '-', starting and ending"
                            + " with a letter or digit"));
        } else if (name.length() > MEMBER_NAME_LIMIT - ORDINAL_ROOM - 10) {
            errors.add(new FieldError(
                    null,
                    "metadata.name",
                    "'" + name + "' is too long; use at most " + (MEMBER_NAME_LIMIT - ORDINAL_ROOM - 10)
                            + " characters so member names stay DNS labels"));
        }
    }

    private Optional<EngineDescription> checkEngine(ClusterSpec spec, List<FieldError> errors) {
        if (spec.engine() == null || spec.engine().isBlank()) {
            errors.add(new FieldError(null, "spec.engine", "missing; choose one of " + engineNames()));
            return Optional.empty();
        }
        Optional<EngineDescription> engine = catalog.find(spec.engine());
        if (engine.isEmpty()) {
            errors.add(new FieldError(
                    null, "spec.engine", "unknown engine '" + spec.engine() + "'; choose one of " + engineNames()));
        }
        return engine;
    }

    private String engineNames() {
        return String.join(
                ", ", catalog.all().stream().map(EngineDescription::name).toList());
    }

    private static ClusterSpec withDefaults(ClusterSpec spec, EngineDescription engine) {
        String version =
                spec.version() == null ? engine.versions().get(engine.versions().size() - 1) : spec.version();
        Map<String, ComponentSpec> components = new LinkedHashMap<>();
        for (Map.Entry<String, ComponentDescription> entry : engine.components().entrySet()) {
            ComponentSpec given = spec.components().get(entry.getKey());
            if (given == null && entry.getValue().required()) {
                given = new ComponentSpec(null, null, null, null);
            }
            if (given != null) {
                components.put(
                        entry.getKey(),
                        given.replicas() == null
                                ? given.withReplicas(entry.getValue().defaultReplicas())
                                : given);
            }
        }
        // Unknown components are kept so validation can name them.
        spec.components().forEach(components::putIfAbsent);
        AvailabilitySpec availability = spec.availabilityOrDefault();
        availability = availability.withDefaults();
        return new ClusterSpec(spec.engine(), version, components, availability, spec.isDeletionProtected());
    }

    private static void checkVersion(ClusterSpec spec, EngineDescription engine, List<FieldError> errors) {
        if (!engine.versions().contains(spec.version())) {
            errors.add(new FieldError(
                    null,
                    "spec.version",
                    "unknown version '" + spec.version() + "' of " + engine.name() + "; choose one of "
                            + String.join(", ", engine.versions())));
        }
    }

    private static void checkComponents(
            String clusterName, ClusterSpec spec, EngineDescription engine, List<FieldError> errors) {
        for (Map.Entry<String, ComponentSpec> entry : spec.components().entrySet()) {
            String path = "spec.components." + entry.getKey();
            Optional<ComponentDescription> description = engine.component(entry.getKey());
            if (description.isEmpty()) {
                errors.add(new FieldError(
                        null,
                        path,
                        "unknown component '" + entry.getKey() + "' of " + engine.name() + "; choose one of "
                                + String.join(", ", engine.components().keySet())));
                continue;
            }
            ComponentSpec component = entry.getValue();
            ComponentDescription bounds = description.get();
            int replicas = component.replicasOrDefault(bounds.defaultReplicas());
            if (replicas < bounds.minReplicas() || replicas > bounds.maxReplicas()) {
                errors.add(new FieldError(
                        null,
                        path + ".replicas",
                        replicas + " is out of range; " + engine.name() + " " + entry.getKey() + " runs with "
                                + bounds.minReplicas() + " to " + bounds.maxReplicas() + " members"));
            }
            if (clusterName != null
                    && clusterName.length() + entry.getKey().length() + ORDINAL_ROOM > MEMBER_NAME_LIMIT) {
                errors.add(new FieldError(
                        null, "metadata.name", "too long with component '" + entry.getKey() + "' for member names"));
            }
            checkConfig(path + ".config", component.config(), bounds, errors);
            checkResources(path + ".resources", component.resources(), errors);
            checkStorage(path + ".storage", component.storage(), errors);
        }
    }

    private static void checkConfig(
            String path, Map<String, String> config, ComponentDescription description, List<FieldError> errors) {
        for (Map.Entry<String, String> setting : config.entrySet()) {
            String key = setting.getKey();
            if (!SETTING_NAME.matcher(key).matches()) {
                errors.add(new FieldError(null, path + "." + key, "is not a valid setting name"));
            } else if (description.managedSettings().contains(key.toLowerCase(Locale.ROOT))) {
                errors.add(new FieldError(
                        null, path + "." + key, "is managed by Marina and cannot be set in the spec; remove it"));
            } else if (!description.settings().isEmpty()
                    && !description.settings().containsKey(key)) {
                errors.add(new FieldError(null, path + "." + key, unknownSetting(key, description)));
                continue;
            }
            String value = setting.getValue();
            if (value == null) {
                errors.add(new FieldError(null, path + "." + key, "has no value; give one or remove the setting"));
            } else if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0 || value.indexOf('\0') >= 0) {
                errors.add(new FieldError(null, path + "." + key, "must be on one line"));
            } else if (description.settings().containsKey(key)
                    && !description.settings().get(key).accepts(value)) {
                errors.add(new FieldError(
                        null,
                        path + "." + key,
                        "'" + value + "' is not accepted; write "
                                + description.settings().get(key).expected()));
            }
        }
    }

    private static String unknownSetting(String key, ComponentDescription description) {
        String known = String.join(", ", description.settings().keySet());
        return description.settings().keySet().stream()
                .filter(candidate -> EditDistance.between(candidate, key) <= 2)
                .findFirst()
                .map(candidate ->
                        "is not a setting of this component; did you mean " + candidate + "? (known: " + known + ")")
                .orElse("is not a setting of this component; known: " + known);
    }

    private static void checkResources(String path, ResourcesSpec resources, List<FieldError> errors) {
        if (resources == null) {
            return;
        }
        checkResourceMap(path + ".requests", resources.requests(), errors);
        checkResourceMap(path + ".limits", resources.limits(), errors);
        for (String name : RESOURCE_NAMES) {
            Optional<BigDecimal> request = Quantity.parse(resources.requests().get(name));
            Optional<BigDecimal> limit = Quantity.parse(resources.limits().get(name));
            if (request.isPresent() && limit.isPresent() && request.get().compareTo(limit.get()) > 0) {
                errors.add(new FieldError(
                        null,
                        path + ".requests." + name,
                        "is larger than limits." + name + "; lower it or raise the limit"));
            }
        }
    }

    private static void checkResourceMap(String path, Map<String, String> values, List<FieldError> errors) {
        for (Map.Entry<String, String> entry : values.entrySet()) {
            if (!RESOURCE_NAMES.contains(entry.getKey())) {
                errors.add(new FieldError(null, path + "." + entry.getKey(), "unknown resource; use cpu or memory"));
            } else if (Quantity.parse(entry.getValue()).isEmpty()) {
                errors.add(new FieldError(
                        null,
                        path + "." + entry.getKey(),
                        "'" + entry.getValue()
                                + "' is not a quantity; write e.g. 500m or 2 for cpu, 512Mi or 2Gi for memory"));
            }
        }
    }

    private static void checkStorage(String path, StorageSpec storage, List<FieldError> errors) {
        if (storage == null || storage.size() == null) {
            return;
        }
        Optional<BigDecimal> size = Quantity.parse(storage.size());
        if (size.isEmpty()) {
            errors.add(new FieldError(
                    null, path + ".size", "'" + storage.size() + "' is not a quantity; write e.g. 1Gi or 500Mi"));
        } else if (size.get().compareTo(BigDecimal.valueOf(16L * 1024 * 1024)) < 0) {
            errors.add(
                    new FieldError(null, path + ".size", "'" + storage.size() + "' is too small; give at least 16Mi"));
        }
    }

    private static void checkStorageNotShrunk(
            String path, StorageSpec before, StorageSpec after, List<FieldError> errors) {
        if (before == null || before.size() == null) {
            return;
        }
        if (after == null || after.size() == null) {
            errors.add(new FieldError(
                    null, path, "cannot be removed once set (was " + before.size() + "); keep it or grow it"));
            return;
        }
        Optional<BigDecimal> old = Quantity.parse(before.size());
        Optional<BigDecimal> now = Quantity.parse(after.size());
        if (old.isPresent() && now.isPresent() && now.get().compareTo(old.get()) < 0) {
            errors.add(new FieldError(
                    null,
                    path,
                    "cannot shrink from " + before.size() + " to " + after.size() + "; storage can only grow"));
        }
    }

    private static void checkAvailability(ClusterSpec spec, EngineDescription engine, List<FieldError> errors) {
        AvailabilitySpec availability = spec.availabilityOrDefault();
        if (!FAILOVER_MODES.contains(availability.failoverOrDefault())) {
            errors.add(new FieldError(
                    null,
                    "spec.availability.failover",
                    "unknown mode '" + availability.failover() + "'; use automatic or manual"));
        }
        checkProbing(availability, errors);
        if (!availability.isSynchronous()) {
            return;
        }
        String dataComponent = engine.dataComponent();
        ComponentSpec component = spec.components().get(dataComponent);
        if (component != null && component.replicasOrDefault(1) < 2) {
            errors.add(new FieldError(
                    null,
                    "spec.availability.synchronous",
                    "needs at least 2 members in spec.components." + dataComponent
                            + ".replicas (a primary and a standby); raise replicas or turn synchronous off"));
        }
    }

    private static void checkProbing(AvailabilitySpec availability, List<FieldError> errors) {
        try {
            Duration interval = Durations.parse(availability.probeIntervalOrDefault());
            if (interval.compareTo(MINIMUM_PROBE_INTERVAL) < 0 || interval.compareTo(MAXIMUM_PROBE_INTERVAL) > 0) {
                errors.add(new FieldError(
                        null,
                        "spec.availability.probeInterval",
                        "must be between 50ms and 60s (was " + availability.probeInterval() + ")"));
            }
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError(
                    null,
                    "spec.availability.probeInterval",
                    "'" + availability.probeInterval() + "' is not a duration; write e.g. 250ms, 1s or 2s"));
        }
        int threshold = availability.failureThresholdOrDefault();
        if (threshold < 1 || threshold > 100) {
            errors.add(new FieldError(
                    null,
                    "spec.availability.failureThreshold",
                    "must be between 1 and 100 missed probes (was " + threshold + ")"));
        }
        if (Quantity.parse(availability.maximumLagOnFailoverOrDefault()).isEmpty()) {
            errors.add(new FieldError(
                    null,
                    "spec.availability.maximumLagOnFailover",
                    "'" + availability.maximumLagOnFailover()
                            + "' is not a size; write bytes as a quantity such as 0, 1Mi or 16Mi"));
        }
    }
}
