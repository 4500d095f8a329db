package dev.marina.operator.runtime;

import static java.util.Objects.requireNonNull;

import dev.marina.operator.render.ObjectLabels;
import dev.marina.operator.render.ServiceMonitorRenderer;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * The objects the operator renders in one namespace (label {@code app.kubernetes.io/managed-by: marina-operator}), as
 * informers keep them: the clusters' Secrets, Services, disruption budgets and ServiceMonitors, which every pass
 * compares with what it renders, and each member's ConfigMap and Secret, which the runtime creates and rewrites. Each
 * was a request at every look (the shared objects alone were some twenty a cluster while it started). Only what those
 * comparisons need is kept of an object ({@link KeptFields}): never a Secret's values, nor a member's files.
 *
 * <p>A copy may lag the API server by a watch event. That is tolerated where someone else changed the object (the
 * next look sees it; a deleted shared object starts a pass of its cluster at once), but not for this process's own
 * writes, which a caller may not have repeated otherwise: so what this process last wrote of an object (its
 * resourceVersion, or that it deleted it) is remembered until the informer shows exactly that, and meanwhile, or while
 * an informer does not watch, the object is {@link Sighting#isKnown() unknown} and the caller asks the API server.
 */
public final class OwnedObjects implements AutoCloseable {

    /** Told when someone deletes one of a cluster's own objects (not a member's): a pass puts it back. */
    @FunctionalInterface
    public interface Listener {
        void deleted(String cluster);
    }

    /** What {@link #written} holds for an object this process deleted. */
    private static final String DELETED = "";

    private final String namespace;
    private final Listener listener;
    private final Map<String, SharedIndexInformer<? extends HasMetadata>> informers;
    /** By kind and name: the resourceVersion this process last wrote, until the informer shows it. */
    private final Map<String, String> written = new ConcurrentHashMap<>();

    private OwnedObjects(KubernetesClient client, String namespace, boolean serviceMonitors, Listener listener) {
        this.namespace = namespace;
        this.listener = listener;
        Map<String, SharedIndexInformer<? extends HasMetadata>> kinds = new LinkedHashMap<>();
        kinds.put("Secret", informer("Secret", client.secrets().inNamespace(namespace), KeptFields::secret));
        kinds.put(
                "ConfigMap", informer("ConfigMap", client.configMaps().inNamespace(namespace), KeptFields::configMap));
        kinds.put("Service", informer("Service", client.services().inNamespace(namespace), KeptFields::service));
        kinds.put(
                "PodDisruptionBudget",
                informer(
                        "PodDisruptionBudget",
                        client.policy().v1().podDisruptionBudget().inNamespace(namespace),
                        KeptFields::budget));
        if (serviceMonitors) {
            kinds.put(
                    ServiceMonitorRenderer.KIND,
                    informer(
                            ServiceMonitorRenderer.KIND,
                            client.genericKubernetesResources(
                                            ServiceMonitorRenderer.API_VERSION, ServiceMonitorRenderer.KIND)
                                    .inNamespace(namespace),
                            KeptFields::generic));
        }
        this.informers = Map.copyOf(kinds);
    }

    /**
     * Starts the informers of {@code namespace}; returns once each has listed.
     *
     * @param serviceMonitors whether the operator renders ServiceMonitors (their resource is served)
     * @param listener told when someone deletes a cluster's own object
     */
    public static OwnedObjects start(
            KubernetesClient client, String namespace, boolean serviceMonitors, Listener listener) {
        requireNonNull(client, "client is null");
        requireNonNull(namespace, "namespace is null");
        requireNonNull(listener, "listener is null");
        OwnedObjects owned = new OwnedObjects(client, namespace, serviceMonitors, listener);
        try {
            CompletableFuture.allOf(owned.informers.values().stream()
                            .map(informer -> informer.start().toCompletableFuture())
                            .toArray(CompletableFuture[]::new))
                    .join();
        } catch (CompletionException e) {
            owned.close();
            throw new IllegalStateException(
                    "cannot list and watch the operator's objects in namespace " + namespace + ": "
                            + e.getCause().getMessage(),
                    e.getCause());
        }
        return owned;
    }

    private <T extends HasMetadata> SharedIndexInformer<T> informer(
            String kind, FilterWatchListDeletable<T, ?, ?> objects, UnaryOperator<T> keep) {
        // No resync: a resync hands back what is kept, which tells nobody anything.
        SharedIndexInformer<T> informer = objects.withLabel(ObjectLabels.MANAGED_BY, ObjectLabels.MANAGER)
                .runnableInformer(0)
                .itemStore(new KeptCopies<>(keep));
        informer.addEventHandler(new ResourceEventHandler<T>() {
            @Override
            public void onAdd(T object) {
                seen(kind, object.getMetadata().getName(), object.getMetadata().getResourceVersion());
            }

            @Override
            public void onUpdate(T before, T after) {
                seen(kind, after.getMetadata().getName(), after.getMetadata().getResourceVersion());
            }

            @Override
            public void onDelete(T object, boolean finalStateUnknown) {
                seen(kind, object.getMetadata().getName(), DELETED);
                Map<String, String> labels = object.getMetadata().getLabels();
                if (labels != null
                        && labels.containsKey(ObjectLabels.CLUSTER)
                        && !labels.containsKey(ObjectLabels.MEMBER)) {
                    listener.deleted(labels.get(ObjectLabels.CLUSTER));
                }
            }
        });
        return informer;
    }

    /** The informer shows this process's last write: nothing more to remember of it. */
    private void seen(String kind, String name, String resourceVersion) {
        if (resourceVersion != null) {
            written.remove(key(kind, name), resourceVersion);
        }
    }

    /** What is known of the object of {@code rendered}'s kind and name. */
    public Sighting sighting(HasMetadata rendered) {
        requireNonNull(rendered, "rendered is null");
        return sighting(rendered.getKind(), rendered.getMetadata().getName());
    }

    /** What is known of the object of {@code kind} (as in {@code Secret}) named {@code name}. */
    public Sighting sighting(String kind, String name) {
        requireNonNull(kind, "kind is null");
        requireNonNull(name, "name is null");
        SharedIndexInformer<? extends HasMetadata> informer = informers.get(kind);
        if (informer == null || !informer.isWatching()) {
            return Sighting.unknown();
        }
        String key = key(kind, name);
        // This process's write first, the informer's copy second: the informer forgets a write once it has stored it,
        // so in this order a forgotten write is always in the copy read.
        String own = written.get(key);
        HasMetadata seen = informer.getStore().getByKey(Cache.namespaceKeyFunc(namespace, name));
        if (own != null) {
            String seenVersion = seen == null ? DELETED : seen.getMetadata().getResourceVersion();
            if (!own.equals(seenVersion)) {
                // The informer has not shown this process's last write yet, or someone wrote after it: ask.
                return Sighting.unknown();
            }
            written.remove(key, own);
        }
        return seen == null ? Sighting.absent() : Sighting.present(seen);
    }

    /**
     * Remembers {@code object} as the API server returned it from a write of this process (or a read, which is as
     * fresh), until the informer shows it.
     */
    public void wrote(HasMetadata object) {
        requireNonNull(object, "object is null");
        String resourceVersion = object.getMetadata().getResourceVersion();
        if (resourceVersion != null) {
            remember(object.getKind(), object.getMetadata().getName(), resourceVersion);
        }
    }

    /** Remembers that this process deleted (or found no) object of {@code kind} named {@code name}. */
    public void deleted(String kind, String name) {
        // Not checked against the informer at once: it may not even have seen the object yet. An absent object is
        // what the next sighting expects, and forgets this at.
        written.put(key(requireNonNull(kind, "kind is null"), requireNonNull(name, "name is null")), DELETED);
    }

    /**
     * Remembers that this process deleted every object of {@code kind} that the informer shows as a member's of {@code
     * cluster} (a delete by label names none of them).
     */
    public void deletedMembersOf(String cluster, String kind) {
        requireNonNull(cluster, "cluster is null");
        SharedIndexInformer<? extends HasMetadata> informer = informers.get(requireNonNull(kind, "kind is null"));
        if (informer == null) {
            return;
        }
        for (HasMetadata kept : informer.getStore().list()) {
            Map<String, String> labels = kept.getMetadata().getLabels();
            if (labels != null
                    && cluster.equals(labels.get(ObjectLabels.CLUSTER))
                    && labels.containsKey(ObjectLabels.MEMBER)) {
                deleted(kind, kept.getMetadata().getName());
            }
        }
    }

    /**
     * Remembers a write until the informer shows it; when it shows it already (its watch event came before the write's
     * answer, and its handler found nothing to forget), there is nothing to remember.
     */
    private void remember(String kind, String name, String resourceVersion) {
        String key = key(kind, name);
        written.put(key, resourceVersion);
        SharedIndexInformer<? extends HasMetadata> informer = informers.get(kind);
        HasMetadata seen =
                informer == null ? null : informer.getStore().getByKey(Cache.namespaceKeyFunc(namespace, name));
        if (seen != null && resourceVersion.equals(seen.getMetadata().getResourceVersion())) {
            written.remove(key, resourceVersion);
        }
    }

    private static String key(String kind, String name) {
        return kind + "/" + name;
    }

    @Override
    public void close() {
        informers.values().forEach(SharedIndexInformer::close);
        written.clear();
    }
}
