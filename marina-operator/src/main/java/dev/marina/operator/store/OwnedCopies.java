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

    /**
     * Per cluster, the copy, or empty when the object was found absent: a new cluster's state and Secret are read many
     * times before their first write, and each read was a request answered 404.
     */
    private final Map<String, Optional<T>> copies = new ConcurrentHashMap<>();

    /** The copy of {@code cluster}'s object (empty for an absent one), read with {@code read} the first time. */
    Optional<T> get(String cluster, Supplier<Optional<T>> read) {
        Optional<T> copy = copies.get(cluster);
        if (copy != null) {
            return copy;
        }
        Optional<T> fresh = read.get();
        copies.put(cluster, fresh);
        return fresh;
    }

    /** Keeps {@code written}, as the API server answered the write. */
    void remember(String cluster, T written) {
        copies.put(cluster, Optional.of(written));
    }

    /** Drops what is known: the next read asks the API server. */
    void forget(String cluster) {
        copies.remove(cluster);
    }
}
