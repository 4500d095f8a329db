package dev.marina.bench;

import dev.marina.api.ClusterStatus;
import dev.marina.api.Condition;
import dev.marina.operator.crd.DatabaseClusterResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Watches the DatabaseClusters and remembers when each first reached two states:
 *
 * <ul>
 *   <li>reconciled: a status whose observedGeneration is the resource's generation (the operator has read this spec,
 *       applied its objects and written a status for it, whatever the pods do);
 *   <li>ready: reconciled, and the Ready condition True (every member's pod Ready: the mock pod controller's latency
 *       and the pass each pod event starts are part of it).
 * </ul>
 *
 * A watch rather than polling: a list of 1,000 clusters every few milliseconds would load the mock API server the
 * operator is measured against.
 */
final class ClusterProgress implements AutoCloseable {

    private final Map<String, Long> reconciledAt = new ConcurrentHashMap<>();
    private final Map<String, Long> readyAt = new ConcurrentHashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final java.util.concurrent.locks.Condition changed = lock.newCondition();
    private final SharedIndexInformer<DatabaseClusterResource> informer;

    ClusterProgress(KubernetesClient client) {
        this.informer = client.resources(DatabaseClusterResource.class)
                .inAnyNamespace()
                .inform(new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(DatabaseClusterResource resource) {
                        seen(resource);
                    }

                    @Override
                    public void onUpdate(DatabaseClusterResource before, DatabaseClusterResource after) {
                        seen(after);
                    }

                    @Override
                    public void onDelete(DatabaseClusterResource resource, boolean unknownFinalState) {
                        // The benchmark deletes nothing.
                    }
                });
    }

    int reconciled() {
        return reconciledAt.size();
    }

    int ready() {
        return readyAt.size();
    }

    /** The latest time (System.nanoTime) a cluster first became reconciled, or 0 when none has. */
    long lastReconciledAt() {
        return reconciledAt.values().stream().mapToLong(Long::longValue).max().orElse(0);
    }

    long lastReadyAt() {
        return readyAt.values().stream().mapToLong(Long::longValue).max().orElse(0);
    }

    /**
     * Waits until {@code clusters} are ready or {@code timeout} passed; calls {@code report} with the counts every
     * {@code reportEvery} meanwhile. Returns whether all became ready.
     */
    boolean awaitReady(int clusters, Duration timeout, Duration reportEvery, Runnable report)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long nextReport = System.nanoTime() + reportEvery.toNanos();
        lock.lock();
        try {
            while (readyAt.size() < clusters) {
                long now = System.nanoTime();
                if (now >= deadline) {
                    return false;
                }
                if (now >= nextReport) {
                    report.run();
                    nextReport = now + reportEvery.toNanos();
                }
                changed.awaitNanos(Math.min(deadline, nextReport) - now);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void seen(DatabaseClusterResource resource) {
        long now = System.nanoTime();
        ClusterStatus status = resource.getStatus();
        Long generation = resource.getMetadata().getGeneration();
        if (status == null || generation == null || !Objects.equals(status.observedGeneration(), generation)) {
            return;
        }
        String key = resource.getMetadata().getNamespace() + "/"
                + resource.getMetadata().getName();
        reconciledAt.putIfAbsent(key, now);
        boolean ready = status.condition(Condition.READY)
                .map(condition -> "True".equals(condition.status()))
                .orElse(false);
        if (ready && readyAt.putIfAbsent(key, now) == null) {
            lock.lock();
            try {
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    @Override
    public void close() {
        informer.close();
    }
}
