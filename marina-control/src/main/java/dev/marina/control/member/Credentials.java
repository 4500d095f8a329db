package dev.marina.control.member;

import java.util.Map;
import java.util.TreeMap;

/**
 * Generated passwords by name. {@link #toString()} never shows a value, so a credential cannot reach a log by
 * accident.
 */
public final class Credentials {

    /**
     * The secret members that route clients (gateways) share with the control plane: it reads the cluster's topology
     * feed, and the control plane uses it on their admin endpoint. Generated for every cluster, whatever its engine.
     */
    public static final String GATEWAY = "gateway";

    private final Map<String, String> values;

    public Credentials(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    public String password(String name) {
        String value = values.get(name);
        if (value == null) {
            throw new IllegalStateException("no credential named " + name);
        }
        return value;
    }

    @Override
    public String toString() {
        return "Credentials" + new TreeMap<>(values).keySet();
    }
}
