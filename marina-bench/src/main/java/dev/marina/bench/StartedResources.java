package dev.marina.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What a benchmark started (control plane, clusters, probes), closed newest first when the benchmark ends, and also on
 * Ctrl-C, so that no cluster is left running. Each resource's close must be idempotent: the shutdown hook may run
 * while the benchmark closes them itself.
 */
final class StartedResources implements AutoCloseable {

    private final List<AutoCloseable> started = new ArrayList<>();
    private final Thread onExit = new Thread(this::closeAll, "bench-cleanup");

    StartedResources() {
        Runtime.getRuntime().addShutdownHook(onExit);
    }

    synchronized <T extends AutoCloseable> T add(T resource) {
        started.add(resource);
        return resource;
    }

    @Override
    public void close() {
        closeAll();
        try {
            Runtime.getRuntime().removeShutdownHook(onExit);
        } catch (IllegalStateException ignored) {
            // The JVM is shutting down already; the hook does the same work.
        }
    }

    private synchronized void closeAll() {
        List<AutoCloseable> newestFirst = new ArrayList<>(started);
        Collections.reverse(newestFirst);
        for (AutoCloseable resource : newestFirst) {
            try {
                resource.close();
            } catch (Exception e) {
                System.err.println("cleanup: " + e.getMessage());
            }
        }
    }
}
