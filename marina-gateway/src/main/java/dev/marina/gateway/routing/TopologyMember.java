package dev.marina.gateway.routing;

import static java.util.Objects.requireNonNull;

/**
 * One data member as the gateway knows it.
 *
 * @param lagBytes replay lag behind the primary, or -1 when unknown
 * @param lagSeconds how old its last applied change is while it has more to apply, or -1 when unknown
 */
public record TopologyMember(
        String name, String host, int port, boolean primary, long epoch, long lagBytes, long lagSeconds) {

    public TopologyMember {
        requireNonNull(name, "name is null");
        requireNonNull(host, "host is null");
    }

    /** A member whose lag in seconds is not known (a fixed topology, a feed that does not say). */
    public TopologyMember(String name, String host, int port, boolean primary, long epoch, long lagBytes) {
        this(name, host, port, primary, epoch, lagBytes, -1);
    }

    public String address() {
        return host + ":" + port;
    }
}
