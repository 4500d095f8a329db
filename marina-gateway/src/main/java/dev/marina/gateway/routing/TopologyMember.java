package dev.marina.gateway.routing;

import static java.util.Objects.requireNonNull;

/**
 * One data member as the gateway knows it.
 *
 * @param lagBytes replay lag behind the primary, or -1 when unknown
 */
public record TopologyMember(String name, String host, int port, boolean primary, long epoch, long lagBytes) {

    public TopologyMember {
        requireNonNull(name, "name is null");
        requireNonNull(host, "host is null");
    }

    public String address() {
        return host + ":" + port;
    }
}
