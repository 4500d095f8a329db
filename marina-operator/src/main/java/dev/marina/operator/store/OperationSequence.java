package dev.marina.operator.store;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Map;
import java.util.TreeMap;

/**
 * Numbers operations in the order they were first saved, across all clusters of a namespace: "oldest first" is a
 * promise of the store, and neither names nor the API server's creationTimestamp (whole seconds) keep that order.
 * One ConfigMap ({@value StoreObjects#OPERATION_SEQUENCE}) counts; it is written once per new operation.
 */
final class OperationSequence {

    static final String COMPONENT = "operation-sequence";
    private static final String LAST = "last";

    private final KubernetesClient client;
    private final String namespace;

    OperationSequence(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    /** The next number; never the same twice, also across processes (the write carries the resourceVersion). */
    long next() {
        String object = "ConfigMap " + namespace + "/" + StoreObjects.OPERATION_SEQUENCE;
        try {
            return ConflictRetry.run(object, () -> {
                ConfigMap current = client.configMaps()
                        .inNamespace(namespace)
                        .withName(StoreObjects.OPERATION_SEQUENCE)
                        .get();
                long next = current == null
                                || current.getData() == null
                                || current.getData().get(LAST) == null
                        ? 1
                        : Long.parseLong(current.getData().get(LAST)) + 1;
                Map<String, String> data = new TreeMap<>(Map.of(LAST, Long.toString(next)));
                if (current == null) {
                    Map<String, String> labels = new TreeMap<>();
                    labels.put(StoreObjects.MANAGED_BY_LABEL, StoreObjects.MANAGED_BY);
                    labels.put(StoreObjects.COMPONENT_LABEL, COMPONENT);
                    client.configMaps()
                            .inNamespace(namespace)
                            .resource(new ConfigMapBuilder()
                                    .withNewMetadata()
                                    .withName(StoreObjects.OPERATION_SEQUENCE)
                                    .withNamespace(namespace)
                                    .withLabels(labels)
                                    .endMetadata()
                                    .withData(data)
                                    .build())
                            .create();
                } else {
                    current.setData(data);
                    client.configMaps().inNamespace(namespace).resource(current).update();
                }
                return next;
            });
        } catch (KubernetesClientException e) {
            throw KubernetesFailure.of("write", object, e);
        }
    }
}
