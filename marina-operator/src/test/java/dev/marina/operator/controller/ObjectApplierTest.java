package dev.marina.operator.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.marina.operator.render.ObjectLabels;
import dev.marina.operator.runtime.OwnedObjects;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What {@link ObjectApplier} asks of the API server: nothing for objects the informers show as rendered. */
@EnableKubernetesMockClient(crud = true, https = false)
class ObjectApplierTest {

    private static final String NAMESPACE = "shop";

    KubernetesMockServer server;
    KubernetesClient client;

    private OwnedObjects owned;
    private ObjectApplier applier;

    @BeforeEach
    void startTheInformers() {
        owned = OwnedObjects.start(client, NAMESPACE, false, cluster -> {});
        applier = new ObjectApplier(client, owned);
    }

    @AfterEach
    void stopTheInformers() {
        owned.close();
    }

    @Test
    void objectsAsRenderedCostNoRequestAndAChangedOneIsUpdatedKeepingItsClusterIp() {
        applier.apply("shop/demo", List.of(secret("one"), service(5432)));
        assertThat(client.secrets().inNamespace(NAMESPACE).withName("demo-app").get())
                .isNotNull();
        Service created =
                client.services().inNamespace(NAMESPACE).withName("demo-rw").get();
        assertThat(created).isNotNull();
        // The mock API server gives no cluster IP: give one, as a real one would have.
        client.services().inNamespace(NAMESPACE).withName("demo-rw").edit(service -> {
            service.getSpec().setClusterIP("10.0.0.7");
            return service;
        });
        await().until(() -> owned.sighting("Service", "demo-rw")
                .copy()
                .map(service -> "10.0.0.7".equals(((Service) service).getSpec().getClusterIP()))
                .orElse(false));
        await().until(() -> owned.sighting("Secret", "demo-app").isPresent());

        int before = server.getRequestCount();
        applier.apply("shop/demo", List.of(secret("one"), service(5432)));
        assertThat(server.getRequestCount() - before)
                .as("requests for objects as rendered")
                .isZero();

        before = server.getRequestCount();
        applier.apply("shop/demo", List.of(secret("one"), service(6432)));
        assertThat(server.getRequestCount() - before).as("one update").isEqualTo(1);
        Service updated =
                client.services().inNamespace(NAMESPACE).withName("demo-rw").get();
        assertThat(updated.getSpec().getPorts().get(0).getPort()).isEqualTo(6432);
        assertThat(updated.getSpec().getClusterIP()).isEqualTo("10.0.0.7");
    }

    @Test
    void anObjectTheInformerHasNotSeenYetIsComparedWithTheApiServersCopy() {
        applier.apply("shop/demo", List.of(secret("one")));
        Secret first =
                client.secrets().inNamespace(NAMESPACE).withName("demo-app").get();
        // Whatever the informer shows, this process's own last write is one it may not have seen.
        owned.wrote(new SecretBuilder(first)
                .editMetadata()
                .withResourceVersion("999999")
                .endMetadata()
                .build());

        applier.apply("shop/demo", List.of(secret("two")));

        Secret second =
                client.secrets().inNamespace(NAMESPACE).withName("demo-app").get();
        assertThat(second.getStringData()).containsEntry("password", "two");
    }

    @Test
    void anObjectCreatedMeanwhileIsUpdatedNotCreatedTwice() {
        HasMetadata elsewhere = secret("one");
        elsewhere.getMetadata().setAnnotations(Map.of(RenderedDigest.ANNOTATION, "another"));
        // Created without the label the informers select on: they never show it, and a create gets 409.
        elsewhere.getMetadata().setLabels(Map.of(ObjectLabels.CLUSTER, "demo"));
        client.resource(elsewhere).create();

        applier.apply("shop/demo", List.of(secret("two")));

        Secret applied =
                client.secrets().inNamespace(NAMESPACE).withName("demo-app").get();
        assertThat(applied.getStringData()).containsEntry("password", "two");
        assertThat(applied.getMetadata().getLabels()).containsEntry(ObjectLabels.MANAGED_BY, ObjectLabels.MANAGER);
    }

    private static Secret secret(String password) {
        return new SecretBuilder()
                .withNewMetadata()
                .withName("demo-app")
                .withNamespace(NAMESPACE)
                .withLabels(Map.of(ObjectLabels.MANAGED_BY, ObjectLabels.MANAGER, ObjectLabels.CLUSTER, "demo"))
                .endMetadata()
                .withStringData(Map.of("password", password))
                .build();
    }

    private static Service service(int port) {
        return new ServiceBuilder()
                .withNewMetadata()
                .withName("demo-rw")
                .withNamespace(NAMESPACE)
                .withLabels(Map.of(ObjectLabels.MANAGED_BY, ObjectLabels.MANAGER, ObjectLabels.CLUSTER, "demo"))
                .endMetadata()
                .withNewSpec()
                .addNewPort()
                .withName("postgresql")
                .withPort(port)
                .endPort()
                .withSelector(Map.of(ObjectLabels.CLUSTER, "demo"))
                .endSpec()
                .build();
    }
}
