package dev.marina.operator.controller;

import dev.marina.operator.crd.ModelSerializationCustomizer;
import dev.marina.operator.crd.ResourceSerialization;
import dev.marina.testkit.kubernetes.mockserver.IndexedMockServerExtension;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The operator's scenarios ({@link ClusterControllerScenarios}) on fabric8's mock API server with the testkit's indexed
 * store, which the operator benchmark runs because fabric8's store reads every object for every request: the same
 * server otherwise, so the operator must behave on it as on {@link ClusterControllerOnMockServerTest}.
 */
class ClusterControllerOnIndexedMockServerTest extends ClusterControllerScenarios {

    /** The mock server logs every request through java.util.logging; held so that the level set here stays. */
    private static final java.util.logging.Logger MOCK_SERVER_LOG = quiet("io.fabric8.mockwebserver");

    @RegisterExtension
    final IndexedMockServerExtension api = new IndexedMockServerExtension(true, new ModelSerializationCustomizer());

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
