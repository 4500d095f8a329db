package dev.marina.operator.store;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * The two custom resource definitions the store needs, reduced to what the API server acts on: names, namespaced
 * scope and the status subresource (the mock API server then keeps spec and status apart and counts generations as a
 * real one does). The real definitions are generated in package {@code crd}; these keep the store's tests apart.
 */
public final class TestCustomResourceDefinitions {

    private TestCustomResourceDefinitions() {}

    public static void install(KubernetesClient client) {
        client.apiextensions()
                .v1()
                .customResourceDefinitions()
                .resource(definition("DatabaseCluster", "databaseclusters", "databasecluster"))
                .create();
        client.apiextensions()
                .v1()
                .customResourceDefinitions()
                .resource(definition("DatabaseOperation", "databaseoperations", "databaseoperation"))
                .create();
    }

    private static CustomResourceDefinition definition(String kind, String plural, String singular) {
        return new CustomResourceDefinitionBuilder()
                .withNewMetadata()
                .withName(plural + "." + StoreObjects.GROUP)
                .endMetadata()
                .withNewSpec()
                .withGroup(StoreObjects.GROUP)
                .withScope("Namespaced")
                .withNewNames()
                .withKind(kind)
                .withPlural(plural)
                .withSingular(singular)
                .endNames()
                .addNewVersion()
                .withName(StoreObjects.VERSION)
                .withServed(true)
                .withStorage(true)
                .withNewSubresources()
                .withNewStatus()
                .endStatus()
                .endSubresources()
                .withNewSchema()
                .withNewOpenAPIV3Schema()
                .withType("object")
                .withXKubernetesPreserveUnknownFields(true)
                .endOpenAPIV3Schema()
                .endSchema()
                .endVersion()
                .endSpec()
                .build();
    }
}
