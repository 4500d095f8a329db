package dev.marina.operator.controller;

import dev.marina.operator.crd.ModelSerializationCustomizer;
import dev.marina.operator.crd.ResourceSerialization;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.BeforeEach;

/**
 * Tier 2: leader election ({@link LeaderElectionScenarios}) on the fabric8 mock API server in CRUD mode, a new, empty
 * one per test. The mock server implements no server-side apply, so the operators add their finalizer by JSON patch
 * here.
 */
@EnableKubernetesMockClient(crud = true, kubernetesClientBuilderCustomizer = ModelSerializationCustomizer.class)
class LeaderElectionOnMockServerTest extends LeaderElectionScenarios {

    private static final java.util.logging.Logger MOCK_SERVER_LOG = quiet("io.fabric8.mockwebserver");

    KubernetesMockServer server;
    KubernetesClient client;

    @BeforeEach
    void answerTheLeaseRulesReview() {
        LeaseRulesReview.answerOn(server);
    }

    @Override
    KubernetesClient client() {
        return client;
    }

    @Override
    KubernetesClient newOperatorClient() {
        return server.createClient(builder -> builder.withKubernetesSerialization(ResourceSerialization.create()));
    }

    @Override
    boolean serverSideApply() {
        return false;
    }

    private static java.util.logging.Logger quiet(String name) {
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
        logger.setLevel(java.util.logging.Level.WARNING);
        return logger;
    }
}
