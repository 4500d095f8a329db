package dev.marina.operator.controller;

import dev.marina.operator.RepositoryRoot;
import dev.marina.operator.crd.DefinitionFiles;
import io.fabric8.kubernetes.client.KubernetesClient;

/** The CRDs of deploy/crds, installed as an administrator would before the operator starts. */
final class CheckedInDefinitions {

    private CheckedInDefinitions() {}

    static void install(KubernetesClient client) {
        DefinitionFiles.install(client, RepositoryRoot.find().resolve("deploy/crds"));
    }
}
