package dev.marina.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.marina.operator.render.ObjectLabels;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A role label is one request: the merge patch, with no read of the pod first. */
@EnableKubernetesMockClient(crud = true, https = false)
class RoleLabelWriterTest {

    private static final String NAMESPACE = "shop";
    private static final String MEMBER = "demo-db-0";

    KubernetesMockServer server;
    KubernetesClient client;

    private PodCache cache;
    private RoleLabelWriter writer;

    @BeforeEach
    void createThePodAndStartTheCache() {
        client.pods()
                .inNamespace(NAMESPACE)
                .resource(new PodBuilder()
                        .withNewMetadata()
                        .withName(MEMBER)
                        .withLabels(Map.of(ObjectLabels.MANAGED_BY, ObjectLabels.MANAGER, "keep", "me"))
                        .endMetadata()
                        .build())
                .create();
        cache = PodCache.start(client, NAMESPACE);
        writer = new RoleLabelWriter(client, NAMESPACE, cache);
    }

    @AfterEach
    void stopTheCache() {
        cache.close();
    }

    @Test
    void aRoleIsWrittenAndRemovedWithOneRequestEach() throws InterruptedException {
        int before = server.getRequestCount();
        writer.label(MEMBER, Optional.of("primary"), Optional.of(2L));

        assertThat(server.getRequestCount() - before).isEqualTo(1);
        assertThat(server.getLastRequest().getMethod()).isEqualTo("PATCH");
        assertThat(labels()).containsEntry(ObjectLabels.ROLE, "primary").containsEntry(ObjectLabels.EPOCH, "2");
        assertThat(labels()).as("nothing else of the pod is touched").containsEntry("keep", "me");

        await().until(() -> cache.pod(MEMBER)
                .map(pod -> pod.getMetadata().getLabels().containsKey(ObjectLabels.ROLE))
                .orElse(false));
        before = server.getRequestCount();
        writer.label(MEMBER, Optional.of("primary"), Optional.of(2L));
        assertThat(server.getRequestCount() - before)
                .as("already so: nothing sent")
                .isZero();

        before = server.getRequestCount();
        writer.removeRole(MEMBER);
        assertThat(server.getRequestCount() - before).isEqualTo(1);
        // A merge patch's null removes a label; the fabric8 mock API server keeps it with no value.
        assertThat(labels().get(ObjectLabels.ROLE)).isNull();
        assertThat(labels().get(ObjectLabels.EPOCH)).isNull();
        assertThat(labels()).containsEntry("keep", "me");
    }

    @Test
    void aPodThatIsGoneIsNoFailure() {
        client.pods().inNamespace(NAMESPACE).withName(MEMBER).delete();

        writer.removeRole(MEMBER);
    }

    private Map<String, String> labels() {
        Pod pod = client.pods().inNamespace(NAMESPACE).withName(MEMBER).get();
        return pod.getMetadata().getLabels();
    }
}
