package dev.marina.operator.store;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * One lock per cluster name, so that the writes of one store to one cluster queue instead of racing each other into
 * conflicts. Across processes the API server's resourceVersion check keeps writes apart ({@link ConflictRetry}); this
 * only saves round trips. A lock, not {@code synchronized}, so a waiting virtual thread does not pin its carrier.
 */
final class ClusterLocks {

    private final ConcurrentMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    <T> T holding(String cluster, Supplier<T> work) {
        ReentrantLock lock = locks.computeIfAbsent(cluster, name -> new ReentrantLock());
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }

    void holding(String cluster, Runnable work) {
        holding(cluster, () -> {
            work.run();
            return null;
        });
    }
}
