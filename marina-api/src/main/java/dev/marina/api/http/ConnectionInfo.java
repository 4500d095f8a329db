package dev.marina.api.http;

import java.util.List;

/**
 * How to connect to a cluster. Holds a password, so it is only returned by {@code GET .../connection}, which the CLI
 * calls for {@code marina connect}. {@code command} is the engine's own client with the URL as its argument.
 * {@code caCertificate} is the cluster's CA certificate (PEM) when the members the URL names serve TLS, which clients
 * verify them with; {@code null} otherwise.
 */
public record ConnectionInfo(
        String cluster,
        String url,
        List<String> hosts,
        String user,
        String password,
        String database,
        boolean readOnly,
        List<String> command,
        String caCertificate) {

    public ConnectionInfo {
        hosts = List.copyOf(hosts);
        command = List.copyOf(command);
    }
}
