package dev.marina.operator.controller;

import static org.awaitility.Awaitility.await;

import dev.marina.operator.RepositoryRoot;
import dev.marina.operator.crd.DatabaseClusterResource;
import dev.marina.operator.crd.DatabaseOperationResource;
import dev.marina.operator.crd.DefinitionFiles;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;

/** The CRDs of deploy/crds, installed as an administrator would before the operator starts. */
final class CheckedInDefinitions {

    private CheckedInDefinitions() {}

    /**
     * Installs the definitions and waits until the API server serves both kinds: a real one establishes a new
     * definition a moment after creating it (until then a list answers 404, and an operator started then fails its
     * informers); the mock server serves them at once.
     */
    static void install(KubernetesClient client) {
        DefinitionFiles.install(client, RepositoryRoot.find().resolve("deploy/crds"));
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .ignoreExceptionsInstanceOf(KubernetesClientException.class)
                .until(() -> {
                    client.resources(DatabaseClusterResource.class)
                            .inAnyNamespace()
                            .list();
                    client.resources(DatabaseOperationResource.class)
                            .inAnyNamespace()
                            .list();
                    return true;
                });
    }
}
