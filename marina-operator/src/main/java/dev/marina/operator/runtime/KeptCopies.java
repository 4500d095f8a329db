package dev.marina.operator.runtime;

import static java.util.Objects.requireNonNull;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * An informer's store that keeps of each object only what its reader compares ({@code keep}): an informer of every
 * Secret and ConfigMap the operator made would otherwise hold every member's files and every cluster's passwords for as
 * long as the process runs, thousands of them.
 */
public final class KeptCopies<T extends HasMetadata> implements ItemStore<T> {

    private final UnaryOperator<T> keep;
    private final BasicItemStore<T> items = new BasicItemStore<>(Cache::metaNamespaceKeyFunc);

    KeptCopies(UnaryOperator<T> keep) {
        this.keep = requireNonNull(keep, "keep is null");
    }

    /**
     * A store for an informer whose pods only start passes of their clusters (the SDK's event source): it keeps of a
     * pod its name, resourceVersion and owner references, which map it to its cluster. The runtime reads pods from its
     * own informer ({@link PodCache}); a second full copy of every pod was the largest thing the event source held.
     */
    public static ItemStore<Pod> podOwners() {
        return new KeptCopies<>(KeptFields::podOwners);
    }

    @Override
    public String getKey(T object) {
        return items.getKey(object);
    }

    @Override
    public T put(String key, T object) {
        return items.put(key, keep.apply(object));
    }

    @Override
    public T remove(String key) {
        return items.remove(key);
    }

    @Override
    public Stream<String> keySet() {
        return items.keySet();
    }

    @Override
    public Stream<T> values() {
        return items.values();
    }

    @Override
    public int size() {
        return items.size();
    }

    @Override
    public T get(String key) {
        return items.get(key);
    }
}
