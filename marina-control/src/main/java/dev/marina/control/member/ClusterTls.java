package dev.marina.control.member;

import static java.util.Objects.requireNonNull;

/**
 * What a member that serves clients over TLS needs: its server certificate and key, issued by the cluster's own
 * certificate authority, and that authority's certificate, which clients verify the server with. The authority's key
 * stays in the store.
 *
 * @param authorityCertificate the cluster CA's certificate, PEM
 * @param server the server certificate (for the hosts members listen on, {@code localhost} and {@code 127.0.0.1}) and
 *     its key
 */
public record ClusterTls(String authorityCertificate, CertificateAndKey server) {

    public ClusterTls {
        requireNonNull(authorityCertificate, "authorityCertificate is null");
        requireNonNull(server, "server is null");
    }

    @Override
    public String toString() {
        return "ClusterTls[server=" + server + "]";
    }
}
