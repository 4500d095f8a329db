package dev.marina.operator.store;

import dev.marina.api.DatabaseCluster;
import dev.marina.api.http.ClusterEvent;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.EventList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * A cluster's events as core/v1 Events, so {@code kubectl describe databasecluster} and {@code kubectl get events}
 * show them beside the Pods'. The store numbers them (the id comes from the state's counter) because Events have no
 * order of their own finer than a second. The API server expires Events (an hour by default), so on Kubernetes
 * {@code marina describe} shows the last hour, not everything since the cluster was created.
 */
final class ClusterEvents {

    static final String COMPONENT = "event";

    private final KubernetesClient client;
    private final String namespace;

    ClusterEvents(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    /**
     * Writes event {@code id} of {@code cluster}.
     *
     * @param clusterUid the uid of the DatabaseCluster, or null when unknown (kubectl describe matches on it)
     */
    ClusterEvent append(
            String cluster,
            String clusterUid,
            long id,
            String member,
            String type,
            String reason,
            String message,
            Instant time) {
        Map<String, String> labels = StoreObjects.labels(cluster, COMPONENT);
        if (member != null) {
            labels.put(StoreObjects.MEMBER_LABEL, member);
        }
        String seconds = time.truncatedTo(ChronoUnit.SECONDS).toString();
        Event event = new EventBuilder()
                .withNewMetadata()
                .withName(StoreObjects.event(cluster, id))
                .withNamespace(namespace)
                .withLabels(labels)
                .addToAnnotations(StoreObjects.EVENT_ID_ANNOTATION, Long.toString(id))
                .addToAnnotations(StoreObjects.EVENT_TIME_ANNOTATION, time.toString())
                .endMetadata()
                .withNewInvolvedObject()
                .withApiVersion(DatabaseCluster.API_VERSION)
                .withKind(DatabaseCluster.KIND)
                .withNamespace(namespace)
                .withName(cluster)
                .withUid(clusterUid)
                .endInvolvedObject()
                .withType(type)
                .withReason(reason)
                .withMessage(message)
                .withFirstTimestamp(seconds)
                .withLastTimestamp(seconds)
                .withCount(1)
                .withNewSource()
                .withComponent(StoreObjects.MANAGED_BY)
                .endSource()
                .withReportingComponent(StoreObjects.MANAGED_BY)
                .build();
        try {
            try {
                events().resource(event).create();
            } catch (KubernetesClientException e) {
                if (!KubernetesFailure.isConflict(e)) {
                    throw e;
                }
                // A leftover of the same name: a purge that stopped half-way, after which the ids began again.
                events().withName(event.getMetadata().getName()).delete();
                events().resource(event).create();
            }
        } catch (KubernetesClientException e) {
            throw KubernetesFailure.of(
                    "create", "Event " + namespace + "/" + event.getMetadata().getName(), e);
        }
        return new ClusterEvent(id, time.toString(), cluster, member, type, reason, message);
    }

    /** The newest {@code limit} events of the cluster, oldest first. */
    List<ClusterEvent> newest(String cluster, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        try {
            List<ClusterEvent> all = events()
                    .withLabel(StoreObjects.CLUSTER_LABEL, cluster)
                    .withLabel(StoreObjects.MANAGED_BY_LABEL, StoreObjects.MANAGED_BY)
                    .withLabel(StoreObjects.COMPONENT_LABEL, COMPONENT)
                    .list()
                    .getItems()
                    .stream()
                    .map(ClusterEvents::toClusterEvent)
                    .sorted(Comparator.comparingLong(ClusterEvent::id))
                    .toList();
            return all.subList(Math.max(0, all.size() - limit), all.size());
        } catch (KubernetesClientException e) {
            throw KubernetesFailure.of("list", "Events of cluster " + cluster + " in namespace " + namespace, e);
        }
    }

    void deleteAll(String cluster) {
        try {
            events().withLabel(StoreObjects.CLUSTER_LABEL, cluster)
                    .withLabel(StoreObjects.MANAGED_BY_LABEL, StoreObjects.MANAGED_BY)
                    .withLabel(StoreObjects.COMPONENT_LABEL, COMPONENT)
                    .delete();
        } catch (KubernetesClientException e) {
            throw KubernetesFailure.of("delete", "Events of cluster " + cluster + " in namespace " + namespace, e);
        }
    }

    private static ClusterEvent toClusterEvent(Event event) {
        Map<String, String> labels = event.getMetadata().getLabels();
        Map<String, String> annotations = event.getMetadata().getAnnotations();
        String time = annotations.getOrDefault(StoreObjects.EVENT_TIME_ANNOTATION, event.getLastTimestamp());
        return new ClusterEvent(
                Long.parseLong(annotations.get(StoreObjects.EVENT_ID_ANNOTATION)),
                time,
                labels.get(StoreObjects.CLUSTER_LABEL),
                labels.get(StoreObjects.MEMBER_LABEL),
                event.getType(),
                event.getReason(),
                event.getMessage());
    }

    private NonNamespaceOperation<Event, EventList, Resource<Event>> events() {
        return client.v1().events().inNamespace(namespace);
    }
}
