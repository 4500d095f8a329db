package dev.marina.operator.controller;

import dev.marina.operator.crd.DatabaseClusterResource;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import java.util.Set;

/**
 * Starts a pass of a cluster from outside the API server's events: the health monitor's, when a member stops answering
 * or answers again. The Java Operator SDK runs at most one pass per cluster at a time and folds triggers that arrive
 * during a pass into one more pass after it.
 */
final class ClusterTrigger extends AbstractEventSource<Void, DatabaseClusterResource> {

    ClusterTrigger() {
        super(Void.class, "marina-health");
    }

    /** Nothing: a trigger carries no resource. */
    @Override
    public Set<Void> getSecondaryResources(DatabaseClusterResource primary) {
        return Set.of();
    }

    void trigger(String namespace, String cluster) {
        if (isRunning()) {
            getEventHandler().handleEvent(new Event(new ResourceID(cluster, namespace)));
        }
    }
}
