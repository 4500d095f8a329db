package dev.marina.control.store;

import static java.util.Objects.requireNonNull;

import dev.marina.api.DatabaseCluster;

/** A cluster as stored: the resource with its status, and whether a delete (with purge or not) was asked for. */
public record StoredCluster(DatabaseCluster resource, boolean deleting, boolean purge) {

    public StoredCluster {
        requireNonNull(resource, "resource is null");
    }

    public String name() {
        return resource.name();
    }

    public long generation() {
        Long generation = resource.metadata().generation();
        return generation == null ? 0 : generation;
    }
}
