package dev.marina.operator.runtime;

import dev.marina.testkit.kubernetes.mockserver.IndexedMockServerExtension;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The control core on Kubernetes ({@link KubernetesRuntimeScenarios}) on fabric8's mock API server with the testkit's
 * indexed store, which the operator benchmark runs, as {@link KubernetesRuntimeTest} on fabric8's own store.
 */
class KubernetesRuntimeOnIndexedMockServerTest extends KubernetesRuntimeScenarios {

    private static final java.util.logging.Logger MOCK_SERVER_LOG = quiet("io.fabric8.mockwebserver");

    @RegisterExtension
    final IndexedMockServerExtension api = new IndexedMockServerExtension(false, builder -> {});

    @Override
    KubernetesClient client() {
        return api.client();
    }

    private static java.util.logging.Logger quiet(String name) {
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
        logger.setLevel(java.util.logging.Level.WARNING);
        return logger;
    }
}
