package dev.marina.operator.render;

import dev.marina.api.AvailabilitySpec;
import dev.marina.api.ClusterSpec;
import dev.marina.api.ComponentSpec;
import dev.marina.api.DatabaseCluster;
import dev.marina.api.EngineCatalog;
import dev.marina.api.ObjectMeta;
import dev.marina.api.ResourcesSpec;
import dev.marina.api.StorageSpec;
import dev.marina.api.validation.ClusterValidator;
import dev.marina.control.member.Credentials;
import dev.marina.engine.postgresql.PostgresEngine;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The clusters the rendering tests render, validated as {@code marina apply} validates them. */
final class TestClusters {

    static final String NAMESPACE = "shop";
    static final PostgresEngine ENGINE = KubernetesEngines.postgresql();

    private TestClusters() {}

    /** Three PostgreSQL members with resources, storage and synchronous replication. */
    static DatabaseCluster threeMembers() {
        Map<String, ComponentSpec> components = new LinkedHashMap<>();
        components.put("postgres", database());
        return validated("orders", components);
    }

    /** The same, with two gateways in front. */
    static DatabaseCluster withGateway() {
        Map<String, ComponentSpec> components = new LinkedHashMap<>();
        components.put("postgres", database());
        components.put(
                "gateway",
                new ComponentSpec(
                        2,
                        Map.of("default_pool_size", "20", "max_lag_seconds", "5"),
                        new ResourcesSpec(Map.of("cpu", "250m", "memory", "256Mi"), Map.of("memory", "384Mi")),
                        null));
        return validated("payments", components);
    }

    static Credentials credentials() {
        return RenderedCredentials.placeholders(ClusterObjects.credentialNames(ENGINE));
    }

    static DatabaseCluster validated(String name, Map<String, ComponentSpec> components) {
        DatabaseCluster cluster = DatabaseCluster.of(
                ObjectMeta.named(name),
                new ClusterSpec(
                        "postgresql", "15", components, new AvailabilitySpec(true, null, null, null, null), true));
        return new ClusterValidator(EngineCatalog.of(List.of(ENGINE.description()))).validate(cluster);
    }

    private static ComponentSpec database() {
        return new ComponentSpec(
                3,
                Map.of("max_connections", "200", "work_mem", "8MB"),
                new ResourcesSpec(Map.of("cpu", "1", "memory", "2Gi"), Map.of("memory", "2Gi")),
                new StorageSpec("20Gi", "fast-ssd"));
    }
}
