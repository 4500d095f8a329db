package dev.marina.operator.store;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The objects only the store writes (each cluster's state ConfigMap and credentials Secret) as it last read or wrote
 * them, so that reading one costs no request: a pass of the control core reads a cluster's state dozens of times. Sound
 * because the store is their only writer: one operator leads at a time, and one that loses the Lease exits with its
 * copies. A write is made over the copy's resourceVersion, so a change by anyone else (an edit by hand) is a conflict:
 * every failed write drops the copy, and the retry reads afresh.
 *
 * @param <T> what is kept per cluster
 */
final class OwnedCopies<T> {

    private final Map<String, T> copies = new ConcurrentHashMap<>();

    /** The copy of {@code cluster}'s object, read with {@code read} the first time; nothing is kept for an absent one. */
    Optional<T> get(String cluster, Supplier<Optional<T>> read) {
        T copy = copies.get(cluster);
        if (copy != null) {
            return Optional.of(copy);
        }
        Optional<T> fresh = read.get();
        fresh.ifPresent(value -> copies.put(cluster, value));
        return fresh;
    }

    /** Keeps {@code written}, as the API server answered the write. */
    void remember(String cluster, T written) {
        copies.put(cluster, written);
    }

    void forget(String cluster) {
        copies.remove(cluster);
    }
}
