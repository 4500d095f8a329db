package dev.marina.operator.store;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ConfigMapList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * The state ConfigMaps ({@code <cluster>-marina-state}): read, changed atomically, removed. No owner reference: the
 * state outlives the {@code DatabaseCluster} when it is deleted without a purge, as the members' data does.
 */
final class ClusterStates {

    static final String COMPONENT = "state";

    private final KubernetesClient client;
    private final String namespace;
    private final OwnedCopies<Copy> copies = new OwnedCopies<>();

    /** A state ConfigMap as the API server has it, and the state parsed from it once. */
    private record Copy(ConfigMap map, ClusterState state) {}

    ClusterStates(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    ClusterState read(String cluster) {
        try {
            return copy(cluster).map(Copy::state).orElse(ClusterState.EMPTY);
        } catch (KubernetesClientException e) {
            throw KubernetesFailure.of("read", object(cluster), e);
        }
    }

    private Optional<Copy> copy(String cluster) {
        return copies.get(
                cluster,
                () -> Optional.ofNullable(configMaps()
                                .withName(StoreObjects.state(cluster))
                                .get())
                        .map(map -> new Copy(map, parse(map))));
    }

    /** Every cluster's state by cluster name. */
    Map<String, ClusterState> readAll() {
        try {
            Map<String, ClusterState> states = new TreeMap<>();
            for (ConfigMap map : configMaps()
                    .withLabel(StoreObjects.MANAGED_BY_LABEL, StoreObjects.MANAGED_BY)
                    .withLabel(StoreObjects.COMPONENT_LABEL, COMPONENT)
                    .list()
                    .getItems()) {
                String cluster = map.getMetadata().getLabels().get(StoreObjects.CLUSTER_LABEL);
                if (cluster != null) {
                    states.put(cluster, parse(map));
                }
            }
            return states;
        } catch (KubernetesClientException e) {
            throw KubernetesFailure.of("list", "state ConfigMaps in namespace " + namespace, e);
        }
    }

    /**
     * Applies {@code change} to the state as it is and writes the result with the resourceVersion it was read at; on a
     * conflict, reads and applies again. Writes nothing when the state does not change (so a change to a missing
     * state that leaves it empty creates no ConfigMap).
     *
     * @return the state as written
     */
    ClusterState update(String cluster, UnaryOperator<ClusterState> change) {
        String name = StoreObjects.state(cluster);
        try {
            return ConflictRetry.run(object(cluster), () -> {
                Optional<Copy> current = copy(cluster);
                ClusterState before = current.map(Copy::state).orElse(ClusterState.EMPTY);
                ClusterState after = change.apply(before);
                if (after.equals(before)) {
                    return before;
                }
                try {
                    ConfigMap written = current.isEmpty()
                            ? configMaps()
                                    .resource(new ConfigMapBuilder()
                                            .withNewMetadata()
                                            .withName(name)
                                            .withNamespace(namespace)
                                            .withLabels(StoreObjects.labels(cluster, COMPONENT))
                                            .endMetadata()
                                            .withData(after.toData())
                                            .build())
                                    .create()
                            : configMaps()
                                    .resource(new ConfigMapBuilder(current.get().map())
                                            .withData(after.toData())
                                            .build())
                                    .update();
                    copies.remember(cluster, new Copy(written, after));
                } catch (KubernetesClientException e) {
                    // Changed or removed by someone else: the next attempt reads it as it is now.
                    copies.forget(cluster);
                    throw KubernetesFailure.retriable(object(cluster), e);
                }
                return after;
            });
        } catch (KubernetesClientException e) {
            throw KubernetesFailure.of("write", object(cluster), e);
        }
    }

    void delete(String cluster) {
        copies.forget(cluster);
        try {
            configMaps().withName(StoreObjects.state(cluster)).delete();
        } catch (KubernetesClientException e) {
            throw KubernetesFailure.of("delete", object(cluster), e);
        }
    }

    /** The state a ConfigMap holds, as the API server answered it (its namespace set); also for the cached copies. */
    static ClusterState parse(ConfigMap map) {
        try {
            return ClusterState.fromData(map.getData());
        } catch (UncheckedIOException | IllegalArgumentException e) {
            throw new IllegalStateException(
                    "the state ConfigMap " + map.getMetadata().getNamespace() + "/"
                            + map.getMetadata().getName() + " is unreadable: " + e.getMessage(),
                    e);
        }
    }

    private String object(String cluster) {
        return "ConfigMap " + namespace + "/" + StoreObjects.state(cluster);
    }

    private NonNamespaceOperation<ConfigMap, ConfigMapList, Resource<ConfigMap>> configMaps() {
        return client.configMaps().inNamespace(namespace);
    }
}
