package dev.marina.operator.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KeptSecretKeysTest {

    @Test
    void keepsTheKeysAskedForAndTheNamesOnly() {
        KeptSecretKeys store = new KeptSecretKeys(Set.of("gateway"));
        Secret secret = new SecretBuilder()
                .withNewMetadata()
                .withName("demo-marina-secrets")
                .withNamespace("shop")
                .withUid("uid-1")
                .withResourceVersion("7")
                .withLabels(Map.of(StoreObjects.CLUSTER_LABEL, "demo"))
                // What kubectl apply leaves: the whole Secret again, as text.
                .withAnnotations(Map.of("kubectl.kubernetes.io/last-applied-configuration", "{\"superuser\":\"x\"}"))
                .endMetadata()
                .withType("Opaque")
                .withData(Map.of("gateway", "Z2F0ZXdheQ==", "superuser", "c3VwZXJ1c2Vy", "tls.key", "a2V5"))
                .build();

        store.put(store.getKey(secret), secret);

        Secret kept = store.get("shop/demo-marina-secrets");
        assertThat(kept.getData()).containsOnlyKeys("gateway");
        assertThat(kept.getMetadata().getAnnotations()).isNullOrEmpty();
        assertThat(kept.getMetadata().getResourceVersion()).isEqualTo("7");
        assertThat(kept.getMetadata().getLabels()).containsEntry(StoreObjects.CLUSTER_LABEL, "demo");
        assertThat(ClusterSecrets.value(kept, "gateway")).contains("gateway");
        assertThat(secret.getData())
                .as("the informer's own object is left alone")
                .hasSize(3);
        assertThat(store.size()).isEqualTo(1);
        assertThat(store.remove("shop/demo-marina-secrets")).isEqualTo(kept);
        assertThat(store.size()).isZero();
    }
}
