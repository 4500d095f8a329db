package dev.marina.operator.store;

import static java.util.Objects.requireNonNull;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * An informer's store of the clusters' Secrets that keeps of each only the keys its reader needs, and of the metadata
 * only what names it: a cluster's Secret holds every credential of the cluster (the superuser's password, the TLS
 * keys), which a process that needs one of them must not keep in its heap for as long as it runs.
 */
final class KeptSecretKeys implements ItemStore<Secret> {

    private final Set<String> keys;
    private final BasicItemStore<Secret> items = new BasicItemStore<>(Cache::metaNamespaceKeyFunc);

    KeptSecretKeys(Set<String> keys) {
        this.keys = Set.copyOf(requireNonNull(keys, "keys is null"));
    }

    @Override
    public String getKey(Secret secret) {
        return items.getKey(secret);
    }

    @Override
    public Secret put(String key, Secret secret) {
        return items.put(key, kept(secret));
    }

    private Secret kept(Secret secret) {
        Map<String, String> data = new TreeMap<>();
        if (secret.getData() != null) {
            secret.getData().forEach((key, value) -> {
                if (keys.contains(key)) {
                    data.put(key, value);
                }
            });
        }
        return new SecretBuilder()
                .withNewMetadata()
                .withName(secret.getMetadata().getName())
                .withNamespace(secret.getMetadata().getNamespace())
                .withUid(secret.getMetadata().getUid())
                .withResourceVersion(secret.getMetadata().getResourceVersion())
                .withLabels(secret.getMetadata().getLabels())
                .endMetadata()
                .withType(secret.getType())
                .withData(data)
                .build();
    }

    @Override
    public Secret remove(String key) {
        return items.remove(key);
    }

    @Override
    public Stream<String> keySet() {
        return items.keySet();
    }

    @Override
    public Stream<Secret> values() {
        return items.values();
    }

    @Override
    public int size() {
        return items.size();
    }

    @Override
    public Secret get(String key) {
        return items.get(key);
    }
}
