package dev.marina.operator.render;

import dev.marina.api.http.ConnectionInfo;
import dev.marina.control.member.Credentials;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The Secrets a cluster gets from its generated credentials: every password by name, the TLS certificate its
 * client-facing members serve, and what an application needs to connect.
 */
public final class ClusterSecretsRenderer {

    /**
     * The credential the operator authenticates to every member's agent with. Not one of the engine's nor the
     * gateways' token: a gateway holds its own token in its files, and must not be able to act on a database member's
     * data with it.
     */
    public static final String AGENT_TOKEN = "agent";

    private ClusterSecretsRenderer() {}

    /** Every credential by name: the engine's, the gateways' token, the agents' token. */
    public static Secret credentials(
            String engine,
            String cluster,
            String namespace,
            List<String> names,
            Credentials credentials,
            List<OwnerReference> owner) {
        Map<String, String> values = new TreeMap<>();
        names.forEach(name -> values.put(name, credentials.password(name)));
        return secret(engine, cluster, namespace, ObjectNames.credentials(cluster), "Opaque", values, owner);
    }

    /** A {@code kubernetes.io/tls} Secret: the server certificate and key, and the CA's certificate as {@code ca.crt}. */
    public static Optional<Secret> tls(
            String engine, String cluster, String namespace, Credentials credentials, List<OwnerReference> owner) {
        return credentials.tls().map(tls -> {
            Map<String, String> values = new TreeMap<>();
            values.put("ca.crt", tls.authorityCertificate());
            values.put("tls.crt", tls.server().certificate());
            values.put("tls.key", tls.server().privateKey());
            return secret(engine, cluster, namespace, ObjectNames.tls(cluster), "kubernetes.io/tls", values, owner);
        });
    }

    /** The connection an application uses, in the keys platform tools expect ({@code uri}, {@code username}...). */
    public static Secret application(
            String engine, String cluster, String namespace, ConnectionInfo connection, List<OwnerReference> owner) {
        Map<String, String> values = new TreeMap<>();
        String first = connection.hosts().get(0);
        int colon = first.lastIndexOf(':');
        values.put("host", colon < 0 ? first : first.substring(0, colon));
        if (colon >= 0) {
            values.put("port", first.substring(colon + 1));
        }
        values.put("username", connection.user());
        values.put("password", connection.password());
        values.put("database", connection.database());
        values.put("uri", connection.url());
        if (connection.caCertificate() != null) {
            values.put("ca.crt", connection.caCertificate());
        }
        return secret(engine, cluster, namespace, ObjectNames.application(cluster), "Opaque", values, owner);
    }

    private static Secret secret(
            String engine,
            String cluster,
            String namespace,
            String name,
            String type,
            Map<String, String> values,
            List<OwnerReference> owner) {
        return new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .withLabels(ObjectLabels.cluster(engine, cluster))
                .withOwnerReferences(owner)
                .endMetadata()
                .withType(type)
                .withStringData(values)
                .build();
    }
}
