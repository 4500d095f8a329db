package dev.marina.control.member;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A cluster's generated secrets: passwords by name, and the TLS certificates of its client-facing members. {@link
 * #toString()} never shows a value, so a credential cannot reach a log by accident.
 */
public final class Credentials {

    /**
     * The secret members that route clients (gateways) share with the control plane: it reads the cluster's topology
     * feed, and the control plane uses it on their admin endpoint. Generated for every cluster, whatever its engine.
     */
    public static final String GATEWAY = "gateway";

    /**
     * The store's name for the cluster's certificate authority (certificate and key). Issued for every cluster,
     * whatever its engine, and kept until the cluster is purged: clients that verify its members hold its certificate.
     */
    public static final String TLS_AUTHORITY = "tls-authority";

    /** The store's name for the server certificate (and key) the cluster's client-facing members serve TLS with. */
    public static final String TLS_SERVER = "tls-server";

    private final Map<String, String> values;
    private final Optional<ClusterTls> tls;

    public Credentials(Map<String, String> values) {
        this.values = Map.copyOf(values);
        this.tls = Optional.empty();
    }

    public Credentials(Map<String, String> values, ClusterTls tls) {
        this.values = Map.copyOf(values);
        this.tls = Optional.of(requireNonNull(tls, "tls is null"));
    }

    public String password(String name) {
        String value = values.get(name);
        if (value == null) {
            throw new IllegalStateException("no credential named " + name);
        }
        return value;
    }

    /** The cluster's TLS certificates; empty where they were not read (a context built for a connection URL only). */
    public Optional<ClusterTls> tls() {
        return tls;
    }

    @Override
    public String toString() {
        return "Credentials" + new TreeMap<>(values).keySet() + (tls.isPresent() ? "+tls" : "");
    }
}
