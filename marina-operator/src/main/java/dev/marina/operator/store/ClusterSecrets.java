package dev.marina.operator.store;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.SecretList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A cluster's generated passwords and certificates with their keys, in one Secret ({@code <cluster>-marina-secrets},
 * type Opaque), never in the state ConfigMap: RBAC can then let people read the state without the credentials, and
 * the API server encrypts Secrets at rest where it is configured to. Values never appear in messages.
 */
final class ClusterSecrets {

    static final String COMPONENT = "secrets";

    private final KubernetesClient client;
    private final String namespace;
    private final OwnedCopies<Secret> copies = new OwnedCopies<>();

    ClusterSecrets(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    Optional<String> read(String cluster, String key) {
        try {
            return copy(cluster).flatMap(secret -> value(secret, key));
        } catch (KubernetesClientException e) {
            throw KubernetesFailure.of("read", object(cluster), e);
        }
    }

    /** The decoded value of {@code key} in a cluster's Secret; also for the cached copies. */
    static Optional<String> value(Secret secret, String key) {
        Map<String, String> data = secret.getData();
        if (data == null || data.get(key) == null) {
            return Optional.empty();
        }
        return Optional.of(new String(Base64.getDecoder().decode(data.get(key)), StandardCharsets.UTF_8));
    }

    void save(String cluster, String key, String value) {
        String encoded = Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
        try {
            ConflictRetry.run(object(cluster), () -> {
                Optional<Secret> current = copy(cluster);
                Map<String, String> data =
                        new TreeMap<>(current.map(Secret::getData).orElse(Map.of()));
                if (encoded.equals(data.put(key, encoded))) {
                    return null;
                }
                try {
                    Secret written = current.isEmpty()
                            ? secrets()
                                    .resource(new SecretBuilder()
                                            .withNewMetadata()
                                            .withName(StoreObjects.secrets(cluster))
                                            .withNamespace(namespace)
                                            .withLabels(StoreObjects.labels(cluster, COMPONENT))
                                            .endMetadata()
                                            .withType("Opaque")
                                            .withData(data)
                                            .build())
                                    .create()
                            : secrets()
                                    .resource(new SecretBuilder(current.get())
                                            .withData(data)
                                            .build())
                                    .update();
                    copies.remember(cluster, written);
                } catch (KubernetesClientException e) {
                    // Changed or removed by someone else: the next attempt reads it as it is now.
                    copies.forget(cluster);
                    throw KubernetesFailure.retriable(object(cluster), e);
                }
                return null;
            });
        } catch (KubernetesClientException e) {
            // The message names the Secret and the key, never the value (the API server's message does not hold it).
            throw KubernetesFailure.of("write key " + key + " of", object(cluster), e);
        }
    }

    private Optional<Secret> copy(String cluster) {
        return copies.get(
                cluster,
                () -> Optional.ofNullable(
                        secrets().withName(StoreObjects.secrets(cluster)).get()));
    }

    void delete(String cluster) {
        copies.forget(cluster);
        try {
            secrets().withName(StoreObjects.secrets(cluster)).delete();
        } catch (KubernetesClientException e) {
            throw KubernetesFailure.of("delete", object(cluster), e);
        }
    }

    private String object(String cluster) {
        return "Secret " + namespace + "/" + StoreObjects.secrets(cluster);
    }

    private NonNamespaceOperation<Secret, SecretList, Resource<Secret>> secrets() {
        return client.secrets().inNamespace(namespace);
    }
}
