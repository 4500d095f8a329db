package dev.marina.operator.store;

import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.Map;
import java.util.TreeMap;

/** The names, labels and resource definitions of the objects the store keeps, in one place so tests and docs agree. */
final class StoreObjects {

    static final String GROUP = "marina.dev";
    static final String VERSION = "v1alpha1";

    static final ResourceDefinitionContext CLUSTERS = new ResourceDefinitionContext.Builder()
            .withGroup(GROUP)
            .withVersion(VERSION)
            .withKind("DatabaseCluster")
            .withPlural("databaseclusters")
            .withNamespaced(true)
            .build();

    static final ResourceDefinitionContext OPERATIONS = new ResourceDefinitionContext.Builder()
            .withGroup(GROUP)
            .withVersion(VERSION)
            .withKind("DatabaseOperation")
            .withPlural("databaseoperations")
            .withNamespaced(true)
            .build();

    static final String CLUSTER_LABEL = "marina.dev/cluster";
    static final String MEMBER_LABEL = "marina.dev/member";
    static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
    static final String MANAGED_BY = "marina";
    static final String COMPONENT_LABEL = "app.kubernetes.io/component";

    /** Where an operation stands among all operations: the store's own, removed before an operation is returned. */
    static final String SEQUENCE_ANNOTATION = "marina.dev/sequence";

    static final String EVENT_ID_ANNOTATION = "marina.dev/event-id";
    /** The event's time to the nanosecond; the Event's own timestamps keep seconds only. */
    static final String EVENT_TIME_ANNOTATION = "marina.dev/time";

    /** The one ConfigMap that counts operations in a namespace, for {@link #SEQUENCE_ANNOTATION}. */
    static final String OPERATION_SEQUENCE = "marina-operation-sequence";

    private StoreObjects() {}

    static String state(String cluster) {
        return cluster + "-marina-state";
    }

    static String secrets(String cluster) {
        return cluster + "-marina-secrets";
    }

    static String event(String cluster, long id) {
        return cluster + ".marina-event-" + id;
    }

    /** Labels of an object that belongs to one cluster and plays {@code component} for the store. */
    static Map<String, String> labels(String cluster, String component) {
        Map<String, String> labels = new TreeMap<>();
        labels.put(CLUSTER_LABEL, cluster);
        labels.put(MANAGED_BY_LABEL, MANAGED_BY);
        labels.put(COMPONENT_LABEL, component);
        return labels;
    }
}
