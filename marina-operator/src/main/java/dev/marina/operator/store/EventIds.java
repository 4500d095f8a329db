package dev.marina.operator.store;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hands out each cluster's event ids from blocks reserved in its state ConfigMap, so that appending an event is one
 * request (the Event) instead of two (the state's counter, then the Event): a new cluster records about seven events
 * while it starts. Ids stay unique and increasing across operators: a block is reserved by raising the state's counter
 * over its resourceVersion, and an operator that takes over starts above whatever the last one reserved, leaving a gap
 * at most one block wide. Called under the cluster's lock.
 */
final class EventIds {

    /** Ids reserved at once: about what a cluster records from its creation until it is ready. */
    static final int BLOCK = 16;

    /** The next id to hand out and the last one reserved, per cluster. */
    private record Reserved(long next, long last) {}

    private final Map<String, Reserved> reserved = new ConcurrentHashMap<>();

    /** The next id of {@code cluster}'s events; reserves a block in its state when none is left. */
    long next(String cluster, ClusterStates states) {
        Reserved current = reserved.get(cluster);
        // The state's counter is what was reserved last; anything else (a purge, another operator, a hand edit) means
        // the ids held here may no longer be this process's alone.
        if (current == null
                || current.next() > current.last()
                || states.read(cluster).lastEventId() != current.last()) {
            long last = states.update(cluster, state -> state.withEventIdsReserved(BLOCK))
                    .lastEventId();
            current = new Reserved(last - BLOCK + 1, last);
        }
        reserved.put(cluster, new Reserved(current.next() + 1, current.last()));
        return current.next();
    }

    /** Forgets the reservation of a cluster whose state is gone. */
    void forget(String cluster) {
        reserved.remove(cluster);
    }
}
