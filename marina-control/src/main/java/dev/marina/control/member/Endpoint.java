package dev.marina.control.member;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/** Where a member listens: one host, and a port per name the engine asked for (e.g. {@code postgres}). */
public record Endpoint(String host, Map<String, Integer> ports) {

    public Endpoint {
        requireNonNull(host, "host is null");
        ports = Map.copyOf(ports);
    }

    public int port(String name) {
        Integer port = ports.get(name);
        if (port == null) {
            throw new IllegalStateException("no port named " + name + " in " + ports);
        }
        return port;
    }

    public String address(String portName) {
        return host + ":" + port(portName);
    }
}
