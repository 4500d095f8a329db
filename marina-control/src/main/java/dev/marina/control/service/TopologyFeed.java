package dev.marina.control.service;

import static java.util.Objects.requireNonNull;

import dev.marina.api.DatabaseCluster;
import dev.marina.api.http.ClusterTopology;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * The long poll gateways follow a cluster's topology with: the topology at once, or once its version differs from the
 * one a gateway already has. Nothing announces a saved status, so a waiting caller reads the cluster again every
 * {@code interval}; the caller's thread parks in between, which is cheap on a virtual thread. Reading the store rather
 * than a reconciler's memory lets any process that reads the store answer: on Kubernetes, every operator replica.
 */
public final class TopologyFeed {

    /** Short enough that a gateway hears of a new primary within tens of milliseconds, long enough to spare the store. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(50);

    private final Function<String, DatabaseCluster> clusters;
    private final Duration interval;

    public TopologyFeed(ClusterService clusters, Duration interval) {
        this(requireNonNull(clusters, "clusters is null")::get, interval);
    }

    /**
     * @param clusters a cluster as stored, by name, throwing {@link NotFoundException} for an unknown one
     * @param interval how often a waiting caller reads the cluster again
     */
    public TopologyFeed(Function<String, DatabaseCluster> clusters, Duration interval) {
        this.clusters = requireNonNull(clusters, "clusters is null");
        this.interval = requireNonNull(interval, "interval is null");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive, got " + interval);
        }
    }

    /** @throws NotFoundException when there is no such cluster */
    public ClusterTopology current(String name) {
        return TopologyView.of(clusters.apply(name));
    }

    /**
     * What a gateway's request gets: without {@code after} (its first request) the topology at once, else
     * {@link #awaitChange}.
     *
     * @throws NotFoundException when there is no such cluster
     */
    public ClusterTopology answer(String name, Optional<String> after, Duration wait) {
        requireNonNull(after, "after is null");
        return after.isEmpty() ? current(name) : awaitChange(name, after.get(), wait);
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
