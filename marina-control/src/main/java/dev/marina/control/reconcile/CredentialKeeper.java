package dev.marina.control.reconcile;

import static java.util.Objects.requireNonNull;

import dev.marina.control.engine.Engine;
import dev.marina.control.event.EventRecorder;
import dev.marina.control.member.CertificateAndKey;
import dev.marina.control.member.ClusterCertificates;
import dev.marina.control.member.ClusterTls;
import dev.marina.control.member.CredentialGenerator;
import dev.marina.control.member.Credentials;
import dev.marina.control.runtime.MemberRuntime;
import dev.marina.control.store.ClusterStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Generates a cluster's secrets the first time they are needed and keeps them in the store, so that every pass and
 * every control plane renders the same files from them: the engine's passwords, the gateways' shared secret, the
 * cluster's certificate authority, and the server certificate its client-facing members serve TLS with (issued again
 * when it no longer names every host the runtime gives, or a month before it expires).
 */
final class CredentialKeeper {

    private final ClusterStore store;
    private final MemberRuntime runtime;
    private final EventRecorder events;
    private final Clock clock;
    /**
     * The last server certificate found good, per cluster: checking it (parsing, verifying its signature, its hosts)
     * cost a pass more than anything else the control core does itself, every pass, for an answer that changes only
     * when the stored texts or the hosts do, or when renewal comes due.
     */
    private final Map<String, CheckedTls> checked = new ConcurrentHashMap<>();

    /** A certificate pair found good for {@code hosts}, until {@code renewalDue}. */
    private record CheckedTls(
            String authorityText, String serverText, List<String> hosts, Instant renewalDue, ClusterTls tls) {}

    CredentialKeeper(ClusterStore store, MemberRuntime runtime, EventRecorder events, Clock clock) {
        this.store = requireNonNull(store, "store is null");
        this.runtime = requireNonNull(runtime, "runtime is null");
        this.events = requireNonNull(events, "events is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    Credentials ensure(String cluster, Engine engine) {
        Map<String, String> values = new LinkedHashMap<>();
        List<String> names = new ArrayList<>(engine.credentialNames());
        names.add(Credentials.GATEWAY);
        names.addAll(runtime.credentialNames());
        for (String credential : names) {
            String value = store.secret(cluster, credential).orElseGet(() -> {
                String generated = CredentialGenerator.password();
                store.saveSecret(cluster, credential, generated);
                return generated;
            });
            values.put(credential, value);
        }
        return new Credentials(values, tls(cluster));
    }

    private ClusterTls tls(String cluster) {
        Instant now = clock.instant();
        List<String> hosts = runtime.tlsHosts(cluster);
        Optional<String> authorityText = store.secret(cluster, Credentials.TLS_AUTHORITY);
        Optional<String> serverText = store.secret(cluster, Credentials.TLS_SERVER);
        CheckedTls last = checked.get(cluster);
        if (last != null
                && authorityText.filter(last.authorityText()::equals).isPresent()
                && serverText.filter(last.serverText()::equals).isPresent()
                && last.hosts().equals(hosts)
                && now.isBefore(last.renewalDue())) {
            return last.tls();
        }
        ClusterTls tls = checkOrIssue(cluster, hosts, now);
        checked.put(
                cluster,
                new CheckedTls(
                        store.secret(cluster, Credentials.TLS_AUTHORITY).orElseThrow(),
                        store.secret(cluster, Credentials.TLS_SERVER).orElseThrow(),
                        List.copyOf(hosts),
                        ClusterCertificates.renewalDue(tls.server()),
                        tls));
        return tls;
    }

    /** Forgets what was checked for a cluster that is gone. */
    void forget(String cluster) {
        checked.remove(cluster);
    }

    private ClusterTls checkOrIssue(String cluster, List<String> hosts, Instant now) {
        CertificateAndKey authority = stored(cluster, Credentials.TLS_AUTHORITY).orElseGet(() -> {
            CertificateAndKey issued = ClusterCertificates.authority(cluster, now);
            store.saveSecret(cluster, Credentials.TLS_AUTHORITY, issued.text());
            return issued;
        });
        Optional<CertificateAndKey> stored = stored(cluster, Credentials.TLS_SERVER);
        Optional<CertificateAndKey> current =
                stored.filter(server -> ClusterCertificates.serves(server, authority, hosts, now));
        if (current.isPresent()) {
            return new ClusterTls(authority.certificate(), current.get());
        }
        CertificateAndKey issued = ClusterCertificates.server(authority, cluster, hosts, now);
        store.saveSecret(cluster, Credentials.TLS_SERVER, issued.text());
        events.normal(
                cluster,
                null,
                stored.isPresent() ? "CertificateRenewed" : "CertificateIssued",
                "server certificate for " + String.join(", ", ClusterCertificates.serverHosts(hosts))
                        + ", valid until "
                        + ClusterCertificates.certificate(issued.certificate())
                                .getNotAfter()
                                .toInstant()
                        + (stored.isPresent() ? "; members that serve TLS restart to load it" : ""));
        return new ClusterTls(authority.certificate(), issued);
    }

    private Optional<CertificateAndKey> stored(String cluster, String name) {
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
