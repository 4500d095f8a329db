package dev.marina.operator.controller;

import dev.marina.api.ClusterSpec;
import dev.marina.api.ComponentSpec;
import dev.marina.operator.crd.DatabaseClusterResource;
import dev.marina.testkit.FakeEngine;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.LinkedHashMap;
import java.util.Map;

/** DatabaseCluster resources as a user would write them with kubectl. */
final class TestClusterResources {

    private TestClusterResources() {}

    static DatabaseClusterResource postgres(String namespace, String name, int replicas, Boolean deletionProtection) {
        return resource(
                namespace,
                name,
                new ClusterSpec(
                        "postgresql",
                        "15",
                        Map.of("postgres", new ComponentSpec(replicas, null, null, null)),
                        null,
                        deletionProtection));
    }

    /** A cluster of the testkit's fake engine, whose members the tests' fake pod agents run. */
    static DatabaseClusterResource fake(String namespace, String name, int replicas, Boolean deletionProtection) {
        return resource(
                namespace,
                name,
                new ClusterSpec(
                        FakeEngine.NAME,
                        null,
                        Map.of(FakeEngine.COMPONENT, new ComponentSpec(replicas, null, null, null)),
                        null,
                        deletionProtection));
    }

    /** A cluster with a component the fake engine does not have: valid for the CRD's schema, not for the validator. */
    static DatabaseClusterResource fakeWithUnknownComponent(String namespace, String name) {
        Map<String, ComponentSpec> components = new LinkedHashMap<>();
        components.put(FakeEngine.COMPONENT, new ComponentSpec(3, null, null, null));
        components.put("pgbouncer", new ComponentSpec(1, null, null, null));
        return resource(namespace, name, new ClusterSpec(FakeEngine.NAME, null, components, null, null));
    }

    /** A cluster with a component PostgreSQL does not have: valid for the CRD's schema, not for the validator. */
    static DatabaseClusterResource withUnknownComponent(String namespace, String name) {
        Map<String, ComponentSpec> components = new LinkedHashMap<>();
        components.put("postgres", new ComponentSpec(3, null, null, null));
        components.put("pgbouncer", new ComponentSpec(1, null, null, null));
        return resource(namespace, name, new ClusterSpec("postgresql", "15", components, null, null));
    }

    static DatabaseClusterResource resource(String namespace, String name, ClusterSpec spec) {
        DatabaseClusterResource resource = new DatabaseClusterResource();
        resource.setMetadata(
                new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
        resource.setSpec(spec);
        return resource;
    }
}
