package dev.marina.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marina.api.yaml.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code marina render}: offline, so no control plane runs here at all. */
class RenderCommandTest {

    private static final String CLUSTER = """
            apiVersion: marina.dev/v1alpha1
            kind: DatabaseCluster
            metadata:
              name: orders
            spec:
              engine: postgresql
              version: "15"
              components:
                postgres:
                  replicas: 3
                  storage:
                    size: 5Gi
                gateway:
                  replicas: 1
            """;

    @TempDir
    Path home;

    @Test
    void printsEveryObjectAsYamlWithSecretsRedacted() throws IOException {
        Path file = write(CLUSTER);

        CliRunner.Result result = new CliRunner(home).run("render", "-f", file.toString(), "--namespace", "shop");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out())
                .startsWith("# The Kubernetes objects of DatabaseCluster orders in namespace shop")
                .contains("# Secret values are redacted")
                .contains("kind: Pod\n")
                .contains("name: orders-postgres-2\n")
                .contains("name: orders-gateway-0\n")
                .contains("name: orders-rw\n")
                .contains("storage: 5Gi")
                .contains("namespace: shop")
                .contains("pgpass: <redacted>")
                .doesNotContain("generated-by-the-operator")
                .doesNotContain("ServiceMonitor");
        // No control plane was started or needed.
        assertThat(home.resolve("server.json")).doesNotExist();
    }

    @Test
    void theSameFileRendersTheSameText() throws IOException {
        Path file = write(CLUSTER);
        CliRunner runner = new CliRunner(home);

        assertThat(runner.run("render", "-f", file.toString()).out())
                .isEqualTo(runner.run("render", "-f", file.toString()).out());
    }

    @Test
    void showSecretsPrintsGeneratedValuesAndSaysSo() throws IOException {
        Path file = write(CLUSTER);

        CliRunner.Result result = new CliRunner(home).run("render", "-f", file.toString(), "--show-secrets");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out())
                .contains("generated for this rendering only")
                .contains("BEGIN PRIVATE KEY")
                .doesNotContain("<redacted>");
    }

    @Test
    void jsonIsOneListWithTheServiceMonitorWhenAsked() throws IOException {
        Path file = write(CLUSTER);

        CliRunner.Result result =
                new CliRunner(home).run("render", "-f", file.toString(), "-o", "json", "--service-monitor");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        JsonNode list = Serialization.json().readTree(result.out());
        assertThat(list.get("kind").asText()).isEqualTo("List");
        assertThat(list.get("items").findValuesAsText("kind")).contains("Pod", "Service", "ServiceMonitor");
        assertThat(result.err()).contains("redacted");
    }

    @Test
    void anInvalidFileNamesTheFieldAndPrintsNothing() throws IOException {
        Path file = write(CLUSTER.replace("replicas: 3", "replicas: 30"));

        CliRunner.Result result = new CliRunner(home).run("render", "-f", file.toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(result.out()).isEmpty();
        assertThat(result.err())
                .contains("was not rendered")
                .contains("spec.components.postgres.replicas")
                .doesNotContain("Exception");
    }

    @Test
    void aClusterNameKubernetesCannotUseIsRefused() throws IOException {
        Path file = write(CLUSTER.replace("name: orders", "name: 1orders"));

        CliRunner.Result result = new CliRunner(home).run("render", "-f", file.toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).contains("metadata.name").contains("must start with a letter");
    }

    @Test
    void aWrongNamespaceIsRefused() throws IOException {
        Path file = write(CLUSTER);

        CliRunner.Result result = new CliRunner(home).run("render", "-f", file.toString(), "-n", "Shop_1");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).contains("--namespace 'Shop_1'");
    }

    @Test
    void readsStandardInput() {
        CliRunner.Result result = new CliRunner(home).stdin(CLUSTER).run("render", "-f", "-");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("rendered by 'marina render' from standard input");
    }

    private Path write(String text) throws IOException {
        Path file = home.resolve("cluster.yaml");
        Files.writeString(file, text);
        return file;
    }
}
