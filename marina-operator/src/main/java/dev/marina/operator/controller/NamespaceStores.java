package dev.marina.operator.controller;

import static java.util.Objects.requireNonNull;

import dev.marina.operator.store.KubernetesStore;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One {@link KubernetesStore} per namespace, made when a cluster of the namespace is first seen. The store keeps its
 * per-cluster locks in memory, so every reconcile of one namespace must go through the same instance.
 */
final class NamespaceStores {

    private final KubernetesClient client;
    private final Clock clock;
    private final Map<String, KubernetesStore> stores = new ConcurrentHashMap<>();

    NamespaceStores(KubernetesClient client, Clock clock) {
        this.client = requireNonNull(client, "client is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    KubernetesStore of(String namespace) {
        requireNonNull(namespace, "namespace is null");
        return stores.computeIfAbsent(namespace, name -> new KubernetesStore(client, name, clock));
    }
}
