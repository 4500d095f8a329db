package dev.marina.operator.store;

import static java.util.Objects.requireNonNull;

import dev.marina.control.store.StoredCluster;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * The clusters of one namespace, or of every namespace, as informers keep them, for a process that reads what another
 * writes: each operator replica serves the gateways' topology feed, whose long polls read their cluster again and again,
 * and a read here is no request to the API server. The informers list the {@code DatabaseCluster} resources, the state
 * ConfigMaps and the credentials Secrets once, then follow their watches; a cluster is assembled from its resource and
 * its state by the store's own rule ({@link StoredClusters}), so it is the cluster the control core acts on.
 *
 * <p>Unlike {@link KubernetesStore}'s copies, which are sound because the store is their only writer, these follow every
 * writer, a watch event behind. Of the Secrets only the keys given at the start are kept ({@link KeptSecretKeys}).
 */
public final class ClusterCache implements AutoCloseable {

    /** Told of every change to a cluster's resource, state or Secret; runs on an informer's thread, so briefly. */
    @FunctionalInterface
    public interface Listener {
        void changed(String namespace, String cluster);
    }

    private final String scope;
    private final SharedIndexInformer<GenericKubernetesResource> clusters;
    private final SharedIndexInformer<ConfigMap> states;
    private final SharedIndexInformer<Secret> secrets;
    private final Set<String> secretKeys;
    private final Map<String, Assembled> assembled = new ConcurrentHashMap<>();

    /**
     * A cluster as last assembled, with the resourceVersions it was assembled from: converting the resource and parsing
     * the state is the costly part of a read, and most reads find nothing changed.
     */
    private record Assembled(String resourceVersion, String stateVersion, StoredCluster cluster) {

        boolean isOf(HasMetadata resource, ConfigMap state) {
            return resourceVersion.equals(resource.getMetadata().getResourceVersion())
                    && stateVersion.equals(versionOf(state));
        }
    }

    private ClusterCache(
            String scope,
            SharedIndexInformer<GenericKubernetesResource> clusters,
            SharedIndexInformer<ConfigMap> states,
            SharedIndexInformer<Secret> secrets,
            Set<String> secretKeys) {
        this.scope = scope;
        this.clusters = clusters;
        this.states = states;
        this.secrets = secrets;
        this.secretKeys = secretKeys;
    }

    /**
     * Starts the informers of {@code namespace} and returns once each has listed its objects and watches them.
     *
     * @param secretKeys the keys of the clusters' Secrets {@link #secret} reads; no other is kept
     * @param listener told of every change after the start
     * @throws IllegalStateException when an informer cannot list or watch within {@code timeout} (the API server does
     *     not answer, the definitions are not installed, RBAC denies it); nothing is left running
     */
    public static ClusterCache inNamespace(
            KubernetesClient client, String namespace, Set<String> secretKeys, Listener listener, Duration timeout) {
        return start(
                client, Optional.of(requireNonNull(namespace, "namespace is null")), secretKeys, listener, timeout);
    }

    /** Starts the informers of every namespace, as {@link #inNamespace} does those of one. */
    public static ClusterCache inEveryNamespace(
            KubernetesClient client, Set<String> secretKeys, Listener listener, Duration timeout) {
        return start(client, Optional.empty(), secretKeys, listener, timeout);
    }

    /** @param namespace the namespace; empty: every namespace */
    private static ClusterCache start(
            KubernetesClient client,
            Optional<String> namespace,
            Set<String> secretKeys,
            Listener listener,
            Duration timeout) {
        requireNonNull(client, "client is null");
        requireNonNull(secretKeys, "secretKeys is null");
        requireNonNull(listener, "listener is null");
        requireNonNull(timeout, "timeout is null");
        ClusterCache cache = new ClusterCache(
                namespace.map(name -> "namespace " + name).orElse("every namespace"),
                informer(
                        scoped(client.genericKubernetesResources(StoreObjects.CLUSTERS), namespace),
                        listener,
                        resource -> resource.getMetadata().getName()),
                informer(
                        labelled(scoped(client.configMaps(), namespace), ClusterStates.COMPONENT),
                        listener,
                        ClusterCache::labelledCluster),
                informer(
                                labelled(scoped(client.secrets(), namespace), ClusterSecrets.COMPONENT),
                                listener,
                                ClusterCache::labelledCluster)
                        .itemStore(new KeptSecretKeys(secretKeys)),
                Set.copyOf(secretKeys));
        cache.awaitStarted(timeout);
        return cache;
    }

    private static <T extends HasMetadata, L, R extends Resource<T>> FilterWatchListDeletable<T, L, R> scoped(
            MixedOperation<T, L, R> objects, Optional<String> namespace) {
        return namespace.isPresent() ? objects.inNamespace(namespace.get()) : objects.inAnyNamespace();
    }

    private static <T extends HasMetadata> FilterWatchListDeletable<T, ?, ?> labelled(
            FilterWatchListDeletable<T, ?, ?> objects, String component) {
        return objects.withLabel(StoreObjects.MANAGED_BY_LABEL, StoreObjects.MANAGED_BY)
                .withLabel(StoreObjects.COMPONENT_LABEL, component);
    }

    /** An informer not started yet, telling {@code listener} of the cluster each event concerns. */
    private static <T extends HasMetadata> SharedIndexInformer<T> informer(
            FilterWatchListDeletable<T, ?, ?> objects, Listener listener, Function<T, String> clusterOf) {
        // No resync: a resync re-delivers what is held, which tells a waiting reader nothing.
        SharedIndexInformer<T> informer = objects.runnableInformer(0);
        informer.addEventHandler(new ResourceEventHandler<T>() {
            @Override
            public void onAdd(T object) {
                tell(object);
            }

            @Override
            public void onUpdate(T before, T after) {
                tell(after);
            }

            @Override
            public void onDelete(T object, boolean finalStateUnknown) {
                tell(object);
            }

            private void tell(T object) {
                String cluster = clusterOf.apply(object);
                if (cluster != null) {
                    listener.changed(object.getMetadata().getNamespace(), cluster);
                }
            }
        });
        return informer;
    }

    private static String labelledCluster(HasMetadata object) {
        Map<String, String> labels = object.getMetadata().getLabels();
        return labels == null ? null : labels.get(StoreObjects.CLUSTER_LABEL);
    }

    private void awaitStarted(Duration timeout) {
        try {
            CompletableFuture.allOf(
                            clusters.start().toCompletableFuture(),
                            states.start().toCompletableFuture(),
                            secrets.start().toCompletableFuture())
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            close();
            throw new IllegalStateException(
                    "cannot list and watch the Marina clusters of " + scope + ": "
                            + e.getCause().getMessage(),
                    e.getCause());
        } catch (TimeoutException e) {
            close();
            throw new IllegalStateException(
                    "cannot list and watch the Marina clusters of " + scope + ": no answer within " + timeout);
        } catch (InterruptedException e) {
            close();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while listing the Marina clusters of " + scope, e);
        }
    }

    /**
     * The cluster as the control core sees it, as the informers last heard of it.
     *
     * @throws IllegalStateException when an informer does not watch (see {@link #isWatching}), or the state is
     *     unreadable
     */
    public Optional<StoredCluster> find(String namespace, String cluster) {
        requireNonNull(namespace, "namespace is null");
        requireNonNull(cluster, "cluster is null");
        requireWatching();
        String key = Cache.namespaceKeyFunc(namespace, cluster);
        GenericKubernetesResource resource = clusters.getStore().getByKey(key);
        if (resource == null) {
            assembled.remove(key);
            return Optional.empty();
        }
        ConfigMap state = states.getStore().getByKey(Cache.namespaceKeyFunc(namespace, StoreObjects.state(cluster)));
        Assembled known = assembled.get(key);
        if (known != null && known.isOf(resource, state)) {
            return Optional.of(known.cluster());
        }
        StoredCluster fresh =
                StoredClusters.of(resource, state == null ? ClusterState.EMPTY : ClusterStates.parse(state));
        String resourceVersion = resource.getMetadata().getResourceVersion();
        String stateVersion = versionOf(state);
        if (resourceVersion != null && stateVersion != null) {
            assembled.put(key, new Assembled(resourceVersion, stateVersion, fresh));
        }
        return Optional.of(fresh);
    }

    /**
     * The value of {@code key} in the cluster's Secret, as the informer last heard of it; empty when there is none.
     *
     * @throws IllegalArgumentException for a key not given at the start, which is not kept
     * @throws IllegalStateException when an informer does not watch (see {@link #isWatching})
     */
    public Optional<String> secret(String namespace, String cluster, String key) {
        requireNonNull(namespace, "namespace is null");
        requireNonNull(cluster, "cluster is null");
        requireNonNull(key, "key is null");
        if (!secretKeys.contains(key)) {
            throw new IllegalArgumentException(
                    "the cache keeps the Secret keys " + List.copyOf(secretKeys) + " only, not " + key);
        }
        requireWatching();
        Secret secret = secrets.getStore().getByKey(Cache.namespaceKeyFunc(namespace, StoreObjects.secrets(cluster)));
        return secret == null ? Optional.empty() : ClusterSecrets.value(secret, key);
    }

    /** Whether every informer runs; one that stopped (it gave up, or {@link #close} stopped it) stays stopped. */
    public boolean isRunning() {
        return clusters.isRunning() && states.isRunning() && secrets.isRunning();
    }

    /**
     * Whether every informer runs and holds a watch. One that lost its watch and must list again (its resourceVersion
     * is too old) does not, for as long as that takes; what it holds then may be stale, and a reader of the topology
     * had better ask another replica than hear an old primary as the current one.
     */
    public boolean isWatching() {
        return clusters.isWatching() && states.isWatching() && secrets.isWatching();
    }

    private void requireWatching() {
        if (!isWatching()) {
            throw new IllegalStateException(
                    "the informers of the Marina clusters of " + scope + " do not watch the API server now");
        }
    }

    /** The state's resourceVersion; {@code ""} for no state, which no API server gives an object. */
    private static String versionOf(ConfigMap state) {
        return state == null ? "" : state.getMetadata().getResourceVersion();
    }

    @Override
    public void close() {
        clusters.close();
        states.close();
        secrets.close();
    }
}
