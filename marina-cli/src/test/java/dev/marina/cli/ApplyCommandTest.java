package dev.marina.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApplyCommandTest extends FakeControlPlaneTest {

    private static final String DEMO = """
            apiVersion: marina.dev/v1alpha1
            kind: DatabaseCluster
            metadata:
              name: demo
            spec:
              engine: postgresql
              version: "15"
              components:
                postgres:
                  replicas: 3
            """;

    @TempDir
    Path files;

    @Test
    void sendsTheFileAsYamlAndPrintsWhatHappenedToEachDocument() throws IOException {
        controlPlane.respond(
                "POST",
                "/api/v1/apply",
                200,
                "{\"applied\":[{\"kind\":\"DatabaseCluster\",\"name\":\"demo\",\"action\":\"created\",\"generation\":1},"
                        + "{\"kind\":\"DatabaseCluster\",\"name\":\"orders\",\"action\":\"unchanged\",\"generation\":4}]}");
        Path file = write("clusters.yaml", DEMO + "---\n" + DEMO.replace("name: demo", "name: orders"));

        CliRunner.Result result = marina.run("apply", "-f", file.toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).isEqualTo("databasecluster/demo created\ndatabasecluster/orders unchanged\n");
        FakeControlPlane.Request request =
                controlPlane.requests("POST", "/api/v1/apply").get(0);
        assertThat(request.contentType()).isEqualTo("application/yaml");
        assertThat(request.body()).isEqualTo(Files.readString(file));
        assertThat(request.query()).isNull();
    }

    @Test
    void dryRunAsksTheServerToValidateOnly() throws IOException {
        controlPlane.respond(
                "POST",
                "/api/v1/apply",
                200,
                "{\"applied\":[{\"kind\":\"DatabaseCluster\",\"name\":\"demo\",\"action\":\"configured\",\"generation\":2}]}");

        CliRunner.Result result =
                marina.run("apply", "-f", write("demo.yaml", DEMO).toString(), "--dry-run");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).isEqualTo("databasecluster/demo configured (dry run)\n");
        assertThat(controlPlane.requests("POST", "/api/v1/apply").get(0).query())
                .isEqualTo("dryRun=true");
    }

    @Test
    void readsStandardInput() {
        controlPlane.respond(
                "POST",
                "/api/v1/apply",
                200,
                "{\"applied\":[{\"kind\":\"DatabaseCluster\",\"name\":\"demo\",\"action\":\"created\",\"generation\":1}]}");

        CliRunner.Result result = marina.stdin(DEMO).run("apply", "-f", "-");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(controlPlane.requests("POST", "/api/v1/apply").get(0).body()).isEqualTo(DEMO);
    }

    @Test
    void syntaxErrorsShowTheirLineBeforeAnythingIsSent() throws IOException {
        Path file = write(
                "broken.yaml",
                "apiVersion: marina.dev/v1alpha1\nkind: DatabaseCluster\nmetadata:\n" + "  name: [demo\nspec: {}\n");

        CliRunner.Result result = marina.run("apply", "-f", file.toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(result.err().lines()).hasSize(1);
        assertThat(result.err())
                .startsWith("marina: " + file + " was not applied: YAML syntax error at line 5, column 5: ");
        assertThat(controlPlane.requests()).isEmpty();
    }

    @Test
    void everyLocalErrorIsListed() throws IOException {
        Path file = write("typos.yaml", DEMO.replace("replicas: 3", "replcas: 3") + "---\nkind: Database\n");

        CliRunner.Result result = marina.run("apply", "-f", file.toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(result.err().lines())
                .hasSize(3)
                .first()
                .isEqualTo("marina: " + file + " was not applied: 2 errors; fix them and apply again");
        assertThat(result.err()).contains("did you mean 'replicas'?").contains("unknown kind 'Database'");
        assertThat(controlPlane.requests()).isEmpty();
    }

    @Test
    void invalidDocumentsShowEveryDetailTheServerGives() throws IOException {
        controlPlane.respond("POST", "/api/v1/apply", 422, """
                {"error": "document 1 (demo) is invalid; nothing was applied",
                 "details": [
                   {"document": "document 1 (demo)", "path": "spec.version", "message": "unknown version '99'"},
                   {"document": "document 1 (demo)", "path": "spec.components.postgres.replicas",
                    "message": "must be at most 9"}]}
                """);

        CliRunner.Result result =
                marina.run("apply", "-f", write("demo.yaml", DEMO).toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(result.err()).isEqualTo("""
                        marina: document 1 (demo) is invalid; nothing was applied
                          document 1 (demo): spec.version: unknown version '99'
                          document 1 (demo): spec.components.postgres.replicas: must be at most 9
                        """);
        assertThat(result.out()).isEmpty();
    }

    @Test
    void aMissingFileIsAUserError() {
        CliRunner.Result result =
                marina.run("apply", "-f", files.resolve("nope.yaml").toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(result.err())
                .isEqualTo("marina: cannot read " + files.resolve("nope.yaml") + ": no such file; check the path\n");
    }

    @Test
    void withoutAFileItIsAUsageError() {
        CliRunner.Result result = marina.run("apply");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err())
                .isEqualTo("marina: missing required option: '--filename=FILE'; see: marina apply --help\n");
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(files.resolve(name), text);
    }
}
