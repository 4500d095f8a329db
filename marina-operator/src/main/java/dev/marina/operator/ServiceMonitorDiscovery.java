package dev.marina.operator;

import static java.util.Objects.requireNonNull;

import dev.marina.operator.render.ServiceMonitorRenderer;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * Whether the API server serves the Prometheus operator's ServiceMonitor, which exists only where that operator is
 * installed. Asked through API discovery, which every authenticated client may read, so it needs no permission the
 * chart would have to grant (listing CRDs would need a cluster-wide one).
 */
final class ServiceMonitorDiscovery {

    private ServiceMonitorDiscovery() {}

    static boolean served(KubernetesClient client) {
        requireNonNull(client, "client is null");
        return client.supports(ServiceMonitorRenderer.API_VERSION, ServiceMonitorRenderer.KIND);
    }
}
