package dev.marina.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.marina.control.member.MemberIdentity;
import dev.marina.operator.render.MemberObjects;
import dev.marina.operator.render.ObjectLabels;
import dev.marina.operator.render.ObjectNames;
import dev.marina.testkit.FakeEngine;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a member's files cost: nothing when the informers show them as they should be, one patch of the data when they
 * differ, and a read of the API server only where the informers cannot say (this process's own write not seen yet).
 */
@EnableKubernetesMockClient(crud = true, https = false)
class MemberFilesTest {

    private static final String NAMESPACE = "shop";
    private static final MemberIdentity M0 = new MemberIdentity("demo", FakeEngine.COMPONENT, 0);

    KubernetesMockServer server;
    KubernetesClient client;

    private OwnedObjects owned;
    private MemberFiles files;

    @BeforeEach
    void startTheInformers() {
        owned = OwnedObjects.start(client, NAMESPACE, false, cluster -> {});
        files = new MemberFiles(client, NAMESPACE, owned);
    }

    @AfterEach
    void stopTheInformers() {
        owned.close();
    }

    @Test
    void filesThatExistAreNotCreatedAgainNorTheirDataChanged() {
        files.createIfMissing(objects(Map.of("member.conf", "role = unknown"), "secret one"));
        assertThat(config().getData()).containsEntry("member.conf", "role = unknown");
        assertThat(secret().getData()).containsEntry("password", encoded("secret one"));
        assertThat(secret().getStringData())
                .as("kept as data, as a real API server keeps it")
                .isNullOrEmpty();
        await().until(() -> files.exist(M0));

        int before = server.getRequestCount();
        files.createIfMissing(objects(Map.of("member.conf", "role = replica"), "secret two"));

        assertThat(server.getRequestCount() - before)
                .as("requests for files that exist")
                .isZero();
        assertThat(config().getData()).containsEntry("member.conf", "role = unknown");
    }

    @Test
    void writingTheDataTheFilesHoldCostsNothingAndOtherDataIsOnePatch() throws InterruptedException {
        files.write(objects(Map.of("member.conf", "role = unknown", "old.conf", "gone soon"), "secret one"));
        ConfigMap edited = client.configMaps()
                .inNamespace(NAMESPACE)
                .withName(ObjectNames.memberConfig(M0))
                .edit(config -> {
                    config.getMetadata().getLabels().put("someone.else/label", "kept");
                    return config;
                });
        await().until(() -> files.exist(M0) && isSeen(edited));

        int before = server.getRequestCount();
        files.write(objects(Map.of("member.conf", "role = unknown", "old.conf", "gone soon"), "secret one"));
        assertThat(server.getRequestCount() - before)
                .as("requests for files as they should be")
                .isZero();

        before = server.getRequestCount();
        files.write(objects(Map.of("member.conf", "role = replica"), "secret one"));
        assertThat(server.getRequestCount() - before)
                .as("one patch of the ConfigMap")
                .isEqualTo(1);
        assertThat(server.getLastRequest().getMethod()).isEqualTo("PATCH");
        assertThat(config().getData()).as("replaced as a whole").isEqualTo(Map.of("member.conf", "role = replica"));
        assertThat(config().getMetadata().getLabels()).containsEntry("someone.else/label", "kept");
    }

    @Test
    void filesWrittenJustBeforeAreReadFromTheApiServerUntilTheInformerShowsThatWrite() throws InterruptedException {
        files.write(objects(Map.of("member.conf", "role = unknown"), "secret one"));
        await().until(() -> files.exist(M0));
        ConfigMap written = config();
        // This process's last write, which the informer has not shown: its copy, the first data, is not to be trusted.
        owned.wrote(new ConfigMapBuilder(written)
                .editMetadata()
                .withResourceVersion("999999")
                .endMetadata()
                .build());

        int before = server.getRequestCount();
        files.write(objects(Map.of("member.conf", "role = unknown"), "secret one"));

        assertThat(server.getRequestCount() - before)
                .as("one read of the ConfigMap")
                .isEqualTo(1);
        assertThat(server.getLastRequest().getMethod()).isEqualTo("GET");
    }

    @Test
    void filesSomeoneDeletedAreCreatedAgain() {
        files.write(objects(Map.of("member.conf", "role = unknown"), "secret one"));
        await().until(() -> files.exist(M0));

        client.configMaps()
                .inNamespace(NAMESPACE)
                .withName(ObjectNames.memberConfig(M0))
                .delete();
        await().until(() -> !files.exist(M0));
        files.write(objects(Map.of("member.conf", "role = primary"), "secret one"));

        assertThat(config().getData()).containsEntry("member.conf", "role = primary");
    }

    @Test
    void filesThisProcessDeletedAreNotTakenAsThereWhileTheInformerStillHasThem() {
        files.write(objects(Map.of("member.conf", "role = unknown"), "secret one"));
        await().until(() -> files.exist(M0));

        files.delete(M0);
        assertThat(files.exist(M0)).as("whatever the informer shows yet").isFalse();
        files.createIfMissing(objects(Map.of("member.conf", "role = replica"), "secret two"));

        assertThat(config().getData()).containsEntry("member.conf", "role = replica");
        assertThat(secret().getData()).containsEntry("password", encoded("secret two"));
    }

    @Test
    void aClustersFilesDeletedByLabelAreNotTakenAsThereEither() {
        files.write(objects(Map.of("member.conf", "role = unknown"), "secret one"));
        await().until(() -> files.exist(M0));

        files.deleteCluster("demo");

        assertThat(files.exist(M0)).isFalse();
        assertThat(config()).isNull();
        assertThat(secret()).isNull();
    }

    private boolean isSeen(ConfigMap config) {
        return owned.sighting("ConfigMap", config.getMetadata().getName())
                .copy()
                .map(kept -> kept.getMetadata()
                        .getResourceVersion()
                        .equals(config.getMetadata().getResourceVersion()))
                .orElse(false);
    }

    private ConfigMap config() {
        return client.configMaps()
                .inNamespace(NAMESPACE)
                .withName(ObjectNames.memberConfig(M0))
                .get();
    }

    private Secret secret() {
        return client.secrets()
                .inNamespace(NAMESPACE)
                .withName(ObjectNames.memberSecret(M0))
                .get();
    }

    private static String encoded(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The member's objects as the renderer makes them: labelled, the Secret's values as stringData. */
    private static MemberObjects objects(Map<String, String> config, String password) {
        Map<String, String> labels = Map.of(
                ObjectLabels.MANAGED_BY,
                ObjectLabels.MANAGER,
                ObjectLabels.CLUSTER,
                "demo",
                ObjectLabels.MEMBER,
                M0.name());
        return new MemberObjects(
                new ConfigMapBuilder()
                        .withNewMetadata()
                        .withName(ObjectNames.memberConfig(M0))
                        .withNamespace(NAMESPACE)
                        .withLabels(labels)
                        .endMetadata()
                        .withData(config)
                        .build(),
                new SecretBuilder()
                        .withNewMetadata()
                        .withName(ObjectNames.memberSecret(M0))
                        .withNamespace(NAMESPACE)
                        .withLabels(labels)
                        .endMetadata()
                        .withStringData(Map.of("password", password))
                        .build(),
                Optional.empty(),
                new PodBuilder()
                        .withNewMetadata()
                        .withName(M0.name())
                        .withNamespace(NAMESPACE)
                        .endMetadata()
                        .build());
    }
}
