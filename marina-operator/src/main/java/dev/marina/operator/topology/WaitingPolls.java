package dev.marina.operator.topology;

import dev.marina.operator.store.ClusterCache;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * The long polls waiting for a cluster's topology to change, woken when an informer hears of a change to the cluster.
 * The control core's {@link dev.marina.control.service.TopologyFeed} parks the caller's thread between two reads of the
 * cluster; unparking it makes the next read now rather than an interval later, and a wake that finds nothing changed
 * costs one read of the cache. Waking a thread that is not parked yet is not lost: its next park returns at once.
 */
final class WaitingPolls implements ClusterCache.Listener {

    private final Map<FeedPath, Set<Thread>> waiting = new ConcurrentHashMap<>();

    /** Runs {@code poll} on the calling thread, which {@link #changed} wakes meanwhile for a change to {@code path}. */
    <T> T waiting(FeedPath path, Supplier<T> poll) {
        Thread thread = Thread.currentThread();
        waiting.compute(path, (key, threads) -> {
            Set<Thread> waiters = threads == null ? ConcurrentHashMap.newKeySet() : threads;
            waiters.add(thread);
            return waiters;
        });
        try {
            return poll.get();
        } finally {
            waiting.computeIfPresent(path, (key, threads) -> {
                threads.remove(thread);
                return threads.isEmpty() ? null : threads;
            });
        }
    }

    @Override
    public void changed(String namespace, String cluster) {
        waiting.computeIfPresent(new FeedPath(namespace, cluster), (key, threads) -> {
            threads.forEach(LockSupport::unpark);
            return threads;
        });
    }
}
