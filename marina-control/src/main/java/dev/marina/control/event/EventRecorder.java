package dev.marina.control.event;

import static java.util.Objects.requireNonNull;

import dev.marina.control.store.ClusterStore;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records what the control plane decided or noticed, in the store (for {@code marina describe}) and in the log. A
 * warning repeated pass after pass is recorded once until something else happens.
 */
public final class EventRecorder {

    private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);

    private final ClusterStore store;
    private final Map<String, String> lastWarning = new ConcurrentHashMap<>();

    public EventRecorder(ClusterStore store) {
        this.store = requireNonNull(store, "store is null");
    }

    public void normal(String cluster, String member, String reason, String message) {
        lastWarning.remove(cluster);
        LOG.info("cluster={} member={} {}: {}", cluster, member == null ? "-" : member, reason, message);
        store.appendEvent(cluster, member, "Normal", reason, message);
    }

    public void warning(String cluster, String member, String reason, String message) {
        String key = reason + "|" + member + "|" + message;
        if (key.equals(lastWarning.put(cluster, key))) {
            return;
        }
        LOG.warn("cluster={} member={} {}: {}", cluster, member == null ? "-" : member, reason, message);
        store.appendEvent(cluster, member, "Warning", reason, message);
    }

    public void forget(String cluster) {
        lastWarning.remove(cluster);
    }
}
