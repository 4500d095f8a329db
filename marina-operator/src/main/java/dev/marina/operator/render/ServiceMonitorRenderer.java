package dev.marina.operator.render;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Prometheus operator ServiceMonitor that scrapes every member's agent through the headless Service. A generic
 * resource: its model is not part of the fabric8 client Marina uses, and its CRD exists only where the Prometheus
 * operator is installed, so the operator renders it only then.
 */
public final class ServiceMonitorRenderer {

    public static final String API_VERSION = "monitoring.coreos.com/v1";
    public static final String KIND = "ServiceMonitor";

    private ServiceMonitorRenderer() {}

    public static GenericKubernetesResource monitor(
            String engine, String cluster, String namespace, List<OwnerReference> owner) {
        Map<String, Object> selector = new LinkedHashMap<>();
        Map<String, String> matchLabels = ObjectLabels.clusterSelector(cluster);
        matchLabels.put(ObjectLabels.SERVICE, ClusterServicesRenderer.MEMBERS);
        selector.put("matchLabels", matchLabels);
        Map<String, Object> endpoint = new LinkedHashMap<>();
        endpoint.put("port", KubernetesPorts.AGENT_NAME);
        endpoint.put("path", MarinaImage.METRICS_PATH);
        endpoint.put("interval", "30s");
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("selector", selector);
        spec.put("namespaceSelector", Map.of("matchNames", List.of(namespace)));
        spec.put("endpoints", List.of(endpoint));
        return new GenericKubernetesResourceBuilder()
                .withApiVersion(API_VERSION)
                .withKind(KIND)
                .withNewMetadata()
                .withName(cluster)
                .withNamespace(namespace)
                .withLabels(ObjectLabels.cluster(engine, cluster))
                .withOwnerReferences(owner)
                .endMetadata()
                .withAdditionalProperties(Map.of("spec", spec))
                .build();
    }
}
