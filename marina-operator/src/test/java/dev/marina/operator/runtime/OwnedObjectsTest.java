package dev.marina.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.marina.operator.render.ObjectLabels;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What {@link OwnedObjects} says of the operator's objects: what the informers hold, nothing of a Secret's values, and
 * "ask the API server" while this process's own last write or delete is not what the informer shows.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class OwnedObjectsTest {

    private static final String NAMESPACE = "shop";

    KubernetesClient client;

    private final List<String> deletedClusters = new CopyOnWriteArrayList<>();
    private OwnedObjects owned;

    @BeforeEach
    void startTheInformers() {
        owned = OwnedObjects.start(client, NAMESPACE, false, deletedClusters::add);
    }

    @AfterEach
    void stopTheInformers() {
        owned.close();
    }

    @Test
    void anObjectIsAbsentUntilTheInformerHasItThenPresentWithItsAnnotationAndADigestOfItsData() {
        assertThat(owned.sighting("Secret", "demo-app").isAbsent()).isTrue();

        client.secrets()
                .inNamespace(NAMESPACE)
                .resource(secret("demo-app", "demo", null))
                .create();

        await().until(() -> owned.sighting("Secret", "demo-app").isPresent());
        Sighting sighting = owned.sighting("Secret", "demo-app");
        assertThat(sighting.annotation("marina.dev/rendered")).hasValue("abc");
        assertThat(sighting.holdsData(Map.of("password", "c2VjcmV0"))).isTrue();
        assertThat(sighting.holdsData(Map.of("password", "b3RoZXI="))).isFalse();
        assertThat(sighting.holdsData(Map.of())).isFalse();
    }

    @Test
    void aSecretsValuesAreNotKeptOnlyADigestOfThem() {
        client.secrets()
                .inNamespace(NAMESPACE)
                .resource(secret("demo-app", "demo", null))
                .create();

        await().until(() -> owned.sighting("Secret", "demo-app").isPresent());
        Secret kept = (Secret) owned.sighting("Secret", "demo-app").copy().orElseThrow();
        assertThat(kept.getData()).containsOnlyKeys(KeptFields.DATA_DIGEST);
        assertThat(kept.getData().get(KeptFields.DATA_DIGEST)).doesNotContain("c2VjcmV0");
        assertThat(kept.getMetadata().getLabels()).containsOnlyKeys(ObjectLabels.CLUSTER);
        assertThat(kept.getMetadata().getAnnotations()).containsOnlyKeys("marina.dev/rendered");
    }

    @Test
    void objectsTheOperatorDidNotMakeAreNotWatched() {
        client.configMaps()
                .inNamespace(NAMESPACE)
                .resource(new ConfigMapBuilder()
                        .withNewMetadata()
                        .withName("someone-elses")
                        .endMetadata()
                        .withData(Map.of("a", "b"))
                        .build())
                .create();
        client.configMaps()
                .inNamespace(NAMESPACE)
                .resource(new ConfigMapBuilder()
                        .withNewMetadata()
                        .withName("demo-db-0-config")
                        .withLabels(Map.of(ObjectLabels.MANAGED_BY, ObjectLabels.MANAGER))
                        .endMetadata()
                        .withData(Map.of("a", "b"))
                        .build())
                .create();

        await().until(() -> owned.sighting("ConfigMap", "demo-db-0-config").isPresent());
        assertThat(owned.sighting("ConfigMap", "someone-elses").isAbsent()).isTrue();
    }

    @Test
    void anOwnWriteIsUnknownUntilTheInformerShowsThatVersion() {
        HasMetadata created = client.secrets()
                .inNamespace(NAMESPACE)
                .resource(secret("demo-app", "demo", null))
                .create();
        owned.wrote(created);
        await().until(() -> owned.sighting("Secret", "demo-app").isPresent());

        // A write whose answer the informer has not shown: what it holds may be older than that write.
        Secret later = new SecretBuilder((Secret) created)
                .editMetadata()
                .withResourceVersion("999999")
                .endMetadata()
                .build();
        owned.wrote(later);
        assertThat(owned.sighting("Secret", "demo-app").isKnown()).isFalse();

        // Read from the API server instead: what was read is what the informer shows.
        owned.wrote(client.secrets().inNamespace(NAMESPACE).withName("demo-app").get());
        assertThat(owned.sighting("Secret", "demo-app").isPresent()).isTrue();
    }

    @Test
    void anObjectThisProcessDeletedIsUnknownWhileTheInformerStillHasIt() {
        client.secrets()
                .inNamespace(NAMESPACE)
                .resource(secret("demo-app", "demo", null))
                .create();
        await().until(() -> owned.sighting("Secret", "demo-app").isPresent());

        owned.deleted("Secret", "demo-app");
        assertThat(owned.sighting("Secret", "demo-app").isKnown()).isFalse();

        client.secrets().inNamespace(NAMESPACE).withName("demo-app").delete();
        await().until(() -> owned.sighting("Secret", "demo-app").isAbsent());
    }

    @Test
    void someoneDeletingAClustersOwnObjectTellsTheListenerButAMembersDoesNot() {
        client.secrets()
                .inNamespace(NAMESPACE)
                .resource(secret("demo-app", "demo", null))
                .create();
        client.secrets()
                .inNamespace(NAMESPACE)
                .resource(secret("demo-db-0-secret", "demo", "demo-db-0"))
                .create();
        client.services()
                .inNamespace(NAMESPACE)
                .resource(new ServiceBuilder()
                        .withNewMetadata()
                        .withName("demo-ro")
                        .withLabels(Map.of(ObjectLabels.MANAGED_BY, ObjectLabels.MANAGER, ObjectLabels.CLUSTER, "demo"))
                        .endMetadata()
                        .build())
                .create();
        await().until(() -> owned.sighting("Service", "demo-ro").isPresent()
                && owned.sighting("Secret", "demo-db-0-secret").isPresent());

        // One informer hands on its events in order: once the cluster's Secret is heard of, so is the member's.
        client.secrets().inNamespace(NAMESPACE).withName("demo-db-0-secret").delete();
        client.secrets().inNamespace(NAMESPACE).withName("demo-app").delete();
        await().untilAsserted(() -> assertThat(deletedClusters).isNotEmpty());
        assertThat(deletedClusters).containsExactly("demo");

        client.services().inNamespace(NAMESPACE).withName("demo-ro").delete();
        await().untilAsserted(() -> assertThat(deletedClusters).containsExactly("demo", "demo"));
    }

    private static Secret secret(String name, String cluster, String member) {
        SecretBuilder secret = new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .addToLabels(ObjectLabels.MANAGED_BY, ObjectLabels.MANAGER)
                .addToLabels(ObjectLabels.CLUSTER, cluster)
                .addToLabels(ObjectLabels.NAME, "fake")
                .addToAnnotations("marina.dev/rendered", "abc")
                .addToAnnotations("someone.else/note", "not kept")
                .endMetadata()
                .withData(Map.of("password", "c2VjcmV0"));
        if (member != null) {
            secret.editMetadata().addToLabels(ObjectLabels.MEMBER, member).endMetadata();
        }
        return secret.build();
    }
}
