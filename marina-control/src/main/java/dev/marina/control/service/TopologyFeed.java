package dev.marina.control.service;

import static java.util.Objects.requireNonNull;

import dev.marina.api.http.ClusterTopology;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * The long poll gateways follow a cluster's topology with: the topology at once, or once its version differs from the
 * one a gateway already has. Nothing announces a saved status, so a waiting caller reads the cluster again every
 * {@code interval}; the caller's thread parks in between, which is cheap on a virtual thread.
 */
public final class TopologyFeed {

    /** Short enough that a gateway hears of a new primary within tens of milliseconds, long enough to spare the store. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(50);

    private final ClusterService clusters;
    private final Duration interval;

    public TopologyFeed(ClusterService clusters, Duration interval) {
        this.clusters = requireNonNull(clusters, "clusters is null");
        this.interval = requireNonNull(interval, "interval is null");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive, got " + interval);
        }
    }

    /** @throws NotFoundException when there is no such cluster */
    public ClusterTopology current(String name) {
        return TopologyView.of(clusters.get(name));
    }

    /**
     * The topology once its version differs from {@code after}, or after {@code wait} the current one, whose version
     * is then still {@code after}.
     *
     * @throws NotFoundException when there is no such cluster, also when it is removed while the caller waits
     */
    public ClusterTopology awaitChange(String name, String after, Duration wait) {
        requireNonNull(after, "after is null");
        requireNonNull(wait, "wait is null");
        long deadline = System.nanoTime() + wait.toNanos();
        ClusterTopology topology = current(name);
        while (topology.version().equals(after)) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0 || Thread.currentThread().isInterrupted()) {
                return topology;
            }
            LockSupport.parkNanos(Math.min(remaining, interval.toNanos()));
            topology = current(name);
        }
        return topology;
    }
}
