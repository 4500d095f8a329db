package dev.marina.operator.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.marina.control.engine.MemberPlan;
import dev.marina.control.engine.MemberPlan.PlannedFile;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The small pieces: file keys, ports, the hash's independence from map order, redaction. */
class RenderingPiecesTest {

    @Test
    void filesWithTheSameNameInTwoDirectoriesGetDistinctKeys() {
        MemberPlan plan = new MemberPlan(
                List.of("engine"),
                Map.of(),
                Map.of(
                        "/etc/marina/config/settings.conf", new PlannedFile("a = 1\n", false),
                        "/var/lib/marina/data/settings.conf", new PlannedFile("b = 2\n", false),
                        "/etc/marina/config/password", new PlannedFile("secret\n", true)),
                List.of("/var/lib/marina/data/marker"),
                "TERM");
        MemberPlanFiles files = MemberPlanFiles.of(plan, Map.of());
        assertThat(files.config())
                .containsEntry("settings.conf", "a = 1\n")
                .containsEntry("var.lib.marina.data.settings.conf", "b = 2\n")
                .doesNotContainKey("password");
        assertThat(files.secret()).containsOnlyKeys("password");
        assertThat(files.config().get(MemberPlanFiles.MANIFEST))
                .contains("config settings.conf /etc/marina/config/settings.conf")
                .contains("config var.lib.marina.data.settings.conf /var/lib/marina/data/settings.conf")
                .contains("secret password /etc/marina/config/password")
                .contains("absent /var/lib/marina/data/marker")
                // The manifest names secret files; it never holds their content.
                .doesNotContain("secret\n");
    }

    @Test
    void portsAreNumberedInTheEnginesOrderAndNamesAreChecked() {
        assertThat(KubernetesPorts.assign(List.of("read-write", "read-only", "admin")))
                .containsExactly(Map.entry("read-write", 5432), Map.entry("read-only", 5433), Map.entry("admin", 5434));
        assertThatThrownBy(() -> KubernetesPorts.assign(List.of("a-name-much-too-long")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("a-name-much-too-long");
        assertThatThrownBy(() -> KubernetesPorts.assign(List.of("Upper"))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> KubernetesPorts.assign(List.of("agent"))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theHashDoesNotDependOnTheOrderMapsWereFilledIn() {
        Map<String, Quantity> forward = new LinkedHashMap<>();
        forward.put("cpu", new Quantity("1"));
        forward.put("memory", new Quantity("1Gi"));
        Map<String, Quantity> backward = new LinkedHashMap<>();
        backward.put("memory", new Quantity("1Gi"));
        backward.put("cpu", new Quantity("1"));
        assertThat(RevisionHash.of(spec(forward))).isEqualTo(RevisionHash.of(spec(backward)));
        assertThat(RevisionHash.of(spec(Map.of("cpu", new Quantity("2")))))
                .isNotEqualTo(RevisionHash.of(spec(forward)));
    }

    @Test
    void redactionKeepsKeysAndHidesEveryValue() {
        List<HasMetadata> objects = SecretRedaction.redact(ClusterObjects.render(
                TestClusters.withGateway(),
                TestClusters.NAMESPACE,
                TestClusters.ENGINE,
                TestClusters.credentials(),
                KubernetesSettings.DEFAULT));
        List<Secret> secrets = objects.stream()
                .filter(Secret.class::isInstance)
                .map(Secret.class::cast)
                .toList();
        assertThat(secrets).isNotEmpty().allSatisfy(secret -> {
            assertThat(secret.getData()).isNullOrEmpty();
            assertThat(secret.getStringData())
                    .isNotEmpty()
                    .allSatisfy((key, value) -> assertThat(value).isEqualTo(SecretRedaction.REDACTED));
        });
        assertThat(ObjectsText.yaml(objects, List.of())).doesNotContain(RenderedCredentials.PLACEHOLDER + "\n");
    }

    @Test
    void generatedCredentialsNeverReachTheTextOnceRedacted() {
        var credentials = RenderedCredentials.generate(
                "orders",
                ClusterObjects.credentialNames(TestClusters.ENGINE),
                ClusterObjects.tlsHosts(TestClusters.threeMembers(), TestClusters.NAMESPACE),
                java.time.Instant.parse("2025-01-01T00:00:00Z"));
        List<HasMetadata> objects = ClusterObjects.render(
                TestClusters.threeMembers(),
                TestClusters.NAMESPACE,
                TestClusters.ENGINE,
                credentials,
                KubernetesSettings.DEFAULT);
        String shown = ObjectsText.yaml(objects, List.of());
        String redacted = ObjectsText.yaml(SecretRedaction.redact(objects), List.of());
        for (String name : ClusterObjects.credentialNames(TestClusters.ENGINE)) {
            assertThat(shown).contains(credentials.password(name));
            assertThat(redacted).doesNotContain(credentials.password(name));
        }
        assertThat(redacted).doesNotContain("BEGIN PRIVATE KEY");
    }

    private static PodSpec spec(Map<String, Quantity> requests) {
        return new PodSpecBuilder()
                .addNewContainer()
                .withName("postgres")
                .withNewResources()
                .withRequests(requests)
                .endResources()
                .endContainer()
                .build();
    }
}
