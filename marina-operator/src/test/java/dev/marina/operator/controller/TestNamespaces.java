package dev.marina.operator.controller;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * The namespaces a test works in, created before anything in them: a real API server refuses objects in a namespace
 * that does not exist (the mock server does not care).
 */
final class TestNamespaces {

    private TestNamespaces() {}

    static void create(KubernetesClient client, String... names) {
        for (String name : names) {
            try {
                client.namespaces()
                        .resource(new NamespaceBuilder()
                                .withNewMetadata()
                                .withName(name)
                                .endMetadata()
                                .build())
                        .create();
            } catch (KubernetesClientException e) {
                // Already there: the client retries a create whose answer it lost, under load, and finds its own
                // namespace; either way the namespace exists, which is all this asks.
                if (e.getCode() != 409) {
                    throw e;
                }
            }
        }
    }
}
