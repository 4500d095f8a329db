package dev.marina.operator.runtime;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;

/** Tier 2: the control core on Kubernetes ({@link KubernetesRuntimeScenarios}) on the fabric8 mock API server. */
@EnableKubernetesMockClient(crud = true, https = false)
class KubernetesRuntimeTest extends KubernetesRuntimeScenarios {

    /** The mock server logs every request through java.util.logging; held so that the level set here stays. */
    private static final java.util.logging.Logger MOCK_SERVER_LOG = quiet("io.fabric8.mockwebserver");

    KubernetesClient client;

    @Override
    KubernetesClient client() {
        return client;
    }

    private static java.util.logging.Logger quiet(String name) {
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
        logger.setLevel(java.util.logging.Level.WARNING);
        return logger;
    }
}
