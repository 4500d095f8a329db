package dev.marina.operator.controller;

import dev.marina.operator.crd.ModelSerializationCustomizer;
import dev.marina.operator.crd.ResourceSerialization;
import dev.marina.testkit.kubernetes.mockserver.IndexedMockServerExtension;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Leader election ({@link LeaderElectionScenarios}) on fabric8's mock API server with the testkit's indexed store, as
 * {@link LeaderElectionOnMockServerTest} on fabric8's own store.
 */
class LeaderElectionOnIndexedMockServerTest extends LeaderElectionScenarios {

    private static final java.util.logging.Logger MOCK_SERVER_LOG = quiet("io.fabric8.mockwebserver");

    @RegisterExtension
    final IndexedMockServerExtension api = new IndexedMockServerExtension(true, new ModelSerializationCustomizer());

    @BeforeEach
    void answerTheLeaseRulesReview() {
        LeaseRulesReview.answerOn(api.server());
    }

    @Override
    KubernetesClient client() {
        return api.client();
    }

    @Override
    KubernetesClient newOperatorClient() {
        return api.server()
                .createClient(builder -> builder.withKubernetesSerialization(ResourceSerialization.create()));
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
