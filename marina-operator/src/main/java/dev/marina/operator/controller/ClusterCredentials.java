package dev.marina.operator.controller;

import static java.util.Objects.requireNonNull;

import dev.marina.api.DatabaseCluster;
import dev.marina.control.engine.Engine;
import dev.marina.control.member.CertificateAndKey;
import dev.marina.control.member.ClusterCertificates;
import dev.marina.control.member.ClusterTls;
import dev.marina.control.member.CredentialGenerator;
import dev.marina.control.member.Credentials;
import dev.marina.control.store.ClusterStore;
import dev.marina.operator.render.ClusterObjects;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A cluster's passwords, agent token and certificates, generated the first time and kept in the store (its
 * {@code <cluster>-marina-secrets} Secret), so that every pass and every operator replica renders the same Secrets
 * and member files from them: a restarted operator must change no pod. The control core's CredentialKeeper does the
 * same for the local runtime; this one also keeps the agent's token, which only Kubernetes members have, and takes
 * the hosts from the Kubernetes layout. The server certificate is issued again when it no longer names every host or
 * nears its end.
 */
final class ClusterCredentials {

    private final Clock clock;

    ClusterCredentials(Clock clock) {
        this.clock = requireNonNull(clock, "clock is null");
    }

    Credentials ensure(ClusterStore store, DatabaseCluster cluster, String namespace, Engine engine) {
        String name = cluster.name();
        Map<String, String> values = new LinkedHashMap<>();
        for (String credential : ClusterObjects.credentialNames(engine)) {
            String value = store.secret(name, credential).orElseGet(() -> {
                String generated = CredentialGenerator.password();
                store.saveSecret(name, credential, generated);
                return generated;
            });
            values.put(credential, value);
        }
        return new Credentials(values, tls(store, name, ClusterObjects.tlsHosts(cluster, namespace)));
    }

    private ClusterTls tls(ClusterStore store, String cluster, List<String> hosts) {
        Instant now = clock.instant();
        CertificateAndKey authority = stored(store, cluster, Credentials.TLS_AUTHORITY)
                .orElseGet(() -> {
                    CertificateAndKey issued = ClusterCertificates.authority(cluster, now);
                    store.saveSecret(cluster, Credentials.TLS_AUTHORITY, issued.text());
                    return issued;
                });
        Optional<CertificateAndKey> current = stored(store, cluster, Credentials.TLS_SERVER)
                .filter(server -> ClusterCertificates.serves(server, authority, hosts, now));
        if (current.isPresent()) {
            return new ClusterTls(authority.certificate(), current.get());
        }
        CertificateAndKey issued = ClusterCertificates.server(authority, cluster, hosts, now);
        store.saveSecret(cluster, Credentials.TLS_SERVER, issued.text());
        return new ClusterTls(authority.certificate(), issued);
    }

    private static Optional<CertificateAndKey> stored(ClusterStore store, String cluster, String name) {
        return store.secret(cluster, name).map(text -> {
            try {
                return CertificateAndKey.parse(text);
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(
                        "the stored " + name + " of cluster " + cluster + " cannot be read: " + e.getMessage(), e);
            }
        });
    }
}
