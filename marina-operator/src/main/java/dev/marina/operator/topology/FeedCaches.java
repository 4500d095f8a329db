package dev.marina.operator.topology;

import static java.util.Objects.requireNonNull;

import dev.marina.control.member.Credentials;
import dev.marina.operator.store.ClusterCache;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The informer caches the feed reads, each started when a request first needs it and started again when it stopped:
 * one per watched namespace, or, when the operator watches every namespace, one for all of them, so that no request,
 * whatever namespace it names, makes the operator start informers it did not have. Of the clusters' Secrets only the
 * gateways' secret is kept.
 */
final class FeedCaches implements AutoCloseable {

    /** The key of the cache of every namespace: no namespace has an empty name. */
    private static final String EVERY_NAMESPACE = "";

    private final KubernetesClient client;
    private final boolean everyNamespace;
    private final ClusterCache.Listener listener;
    private final Duration startTimeout;
    private final Map<String, Slot> slots = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /**
     * @param everyNamespace whether the operator watches every namespace
     * @param listener told of every change to a cluster
     * @param startTimeout how long a request waits for a cache to list its objects before it gets a 503
     */
    FeedCaches(KubernetesClient client, boolean everyNamespace, ClusterCache.Listener listener, Duration startTimeout) {
        this.client = requireNonNull(client, "client is null");
        this.everyNamespace = everyNamespace;
        this.listener = requireNonNull(listener, "listener is null");
        this.startTimeout = requireNonNull(startTimeout, "startTimeout is null");
    }

    /**
     * The running cache that holds {@code namespace}'s clusters; only for a namespace the operator watches.
     *
     * @throws IllegalStateException when it cannot be started (the next request tries again), or after {@link #close}
     */
    ClusterCache of(String namespace) {
        requireNonNull(namespace, "namespace is null");
        return slots.computeIfAbsent(everyNamespace ? EVERY_NAMESPACE : namespace, Slot::new)
                .running();
    }

    /**
     * One cache, started by one request while the others that need it wait. Those that waited for an attempt that
     * failed get its failure rather than trying again one after the other, each up to the start timeout, while the
     * API server does not answer: a gateway's request would time out in the queue.
     */
    private final class Slot {

        private final String namespace;
        // Not synchronized: requests run on virtual threads, which a monitor held while listing would pin.
        private final ReentrantLock starting = new ReentrantLock();
        private volatile ClusterCache cache;
        /** Attempts to start that ended, so that a request tells whether one ended while it waited. */
        private volatile long attemptsEnded;

        private RuntimeException lastFailure;

        Slot(String namespace) {
            this.namespace = namespace;
        }

        ClusterCache running() {
            ClusterCache current = cache;
            if (current != null && current.isRunning()) {
                return current;
            }
            long attemptsSeen = attemptsEnded;
            starting.lock();
            try {
                if (closed) {
                    throw new IllegalStateException("the topology feed is stopping");
                }
                if (cache != null && cache.isRunning()) {
                    return cache;
                }
                if (attemptsEnded != attemptsSeen && lastFailure != null) {
                    throw new IllegalStateException(lastFailure.getMessage(), lastFailure);
                }
                if (cache != null) {
                    cache.close();
                    cache = null;
                }
                try {
                    cache = namespace.equals(EVERY_NAMESPACE)
                            ? ClusterCache.inEveryNamespace(client, Set.of(Credentials.GATEWAY), listener, startTimeout)
                            : ClusterCache.inNamespace(
                                    client, namespace, Set.of(Credentials.GATEWAY), listener, startTimeout);
                    lastFailure = null;
                    return cache;
                } catch (RuntimeException e) {
                    lastFailure = e;
                    throw e;
                } finally {
                    attemptsEnded++;
                }
            } finally {
                starting.unlock();
            }
        }

        void close() {
            starting.lock();
            try {
                if (cache != null) {
                    cache.close();
                    cache = null;
                }
            } finally {
                starting.unlock();
            }
        }
    }

    /** Stops every informer; a request after this gets a 503. */
    @Override
    public void close() {
        closed = true;
        slots.values().forEach(Slot::close);
    }
}
