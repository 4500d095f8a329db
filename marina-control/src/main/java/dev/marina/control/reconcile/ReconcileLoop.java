package dev.marina.control.reconcile;

import static java.util.Objects.requireNonNull;

import dev.marina.control.store.ClusterStore;
import dev.marina.control.store.StoredCluster;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Level-triggered: every cluster is reconciled at a fixed interval, and at once when its spec changes. One pass per
 * cluster at a time; passes of different clusters run side by side on virtual threads.
 */
public final class ReconcileLoop implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReconcileLoop.class);

    private final ClusterReconciler reconciler;
    private final ClusterStore store;
    private static final java.time.Duration SOON = java.time.Duration.ofMillis(100);

    private final ReconcileSettings settings;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "reconcile-ticker");
        thread.setDaemon(true);
        return thread;
    });
    private final ExecutorService passes = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();
    private final Set<String> queued = ConcurrentHashMap.newKeySet();
    private volatile boolean stopped;

    public ReconcileLoop(ClusterReconciler reconciler, ClusterStore store, ReconcileSettings settings) {
        this.reconciler = requireNonNull(reconciler, "reconciler is null");
        this.store = requireNonNull(store, "store is null");
        this.settings = requireNonNull(settings, "settings is null");
    }

    public void start() {
        long interval = settings.interval().toMillis();
        ticker.scheduleWithFixedDelay(this::tick, 0, interval, TimeUnit.MILLISECONDS);
    }

    /** Reconciles {@code cluster} as soon as possible, e.g. after its spec changed. */
    public void trigger(String cluster) {
        if (stopped || !queued.add(cluster)) {
            return;
        }
        passes.submit(() -> {
            ReentrantLock lock = locks.computeIfAbsent(cluster, name -> new ReentrantLock());
            lock.lock();
            try {
                queued.remove(cluster);
                if (!stopped && reconciler.reconcile(cluster)) {
                    // Making progress (members coming up, a replica catching up): look again soon rather than at the
                    // next tick, so a new cluster reports Ready within a tenth of a second of being ready.
                    lookAgainSoon(cluster);
                }
            } catch (RuntimeException e) {
                LOG.error("cluster={} reconcile pass failed", cluster, e);
            } finally {
                lock.unlock();
            }
        });
    }

    private void lookAgainSoon(String cluster) {
        try {
            ticker.schedule(() -> trigger(cluster), SOON.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // Shutting down: nothing more to look at.
        }
    }

    private void tick() {
        try {
            for (StoredCluster cluster : store.list()) {
                trigger(cluster.name());
            }
        } catch (RuntimeException e) {
            LOG.error("could not list clusters", e);
        }
    }

    /** Stops reconciling, waits for running passes, then stops every member (data kept). For {@code marina down}. */
    public void stopMembers() {
        close();
        for (StoredCluster cluster : store.list()) {
            ReentrantLock lock = locks.computeIfAbsent(cluster.name(), name -> new ReentrantLock());
            lock.lock();
            try {
                reconciler.stopAll(cluster.name());
            } finally {
                lock.unlock();
            }
        }
    }

    @Override
    public void close() {
        stopped = true;
        ticker.shutdownNow();
        passes.shutdown();
        try {
            if (!passes.awaitTermination(2, TimeUnit.MINUTES)) {
                LOG.warn("reconcile passes still running after 2 minutes; leaving them");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
