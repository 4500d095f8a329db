package dev.marina.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What a user sees when the machine is in the way: each error names the cause and what to do. */
class RuntimeErrorsTest {

    private static final String SINGLE = """
            apiVersion: marina.dev/v1alpha1
            kind: DatabaseCluster
            metadata:
              name: solo
            spec:
              engine: postgresql
              components:
                postgres:
                  replicas: 1
            """;

    @Test
    void missingPostgresqlBinariesAreNamedWithTheInstallCommand() throws Exception {
        try (Marina marina = Marina.withNewHome(Map.of("MARINA_POSTGRESQL_BIN", "/nonexistent/postgresql/bin"))) {
            marina.run("up").succeeds();
            Path file = marina.home().resolve("solo.yaml");
            Files.writeString(file, SINGLE);
            marina.run("apply", "-f", file.toString()).succeeds();

            await().atMost(30, TimeUnit.SECONDS)
                    .untilAsserted(() -> assertThat(marina.run("describe", "cluster", "solo")
                                    .succeeds()
                                    .stdout())
                            .contains("/nonexistent/postgresql/bin/initdb not found")
                            .contains("apt-get install -y postgresql-15"));
            Marina.Result wait = marina.run("wait", "cluster", "solo", "--for=ready", "--timeout=2s");
            assertThat(wait.exitCode()).isNotZero();
        }
    }

    @Test
    void portTakenByAnotherProgramIsNamedAndTheMemberStartsOnceItIsFree() throws Exception {
        try (Marina marina = Marina.withNewHome()) {
            marina.run("up").succeeds();
            Path file = marina.home().resolve("solo.yaml");
            Files.writeString(file, SINGLE);
            marina.run("apply", "-f", file.toString()).succeeds();
            marina.run("wait", "cluster", "solo", "--for=ready", "--timeout=60s")
                    .succeeds();
            String endpoint = marina.cluster("solo")
                    .path("status")
                    .path("members")
                    .get(0)
                    .path("endpoint")
                    .asText();
            int port = Integer.parseInt(endpoint.substring(endpoint.indexOf(':') + 1));
            marina.run("down").succeeds();

            try (ServerSocket squatter = new ServerSocket()) {
                squatter.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                marina.run("up").succeeds();
                await().atMost(30, TimeUnit.SECONDS)
                        .untilAsserted(() -> assertThat(marina.run("describe", "cluster", "solo")
                                        .succeeds()
                                        .stdout())
                                .contains("port " + port)
                                .contains("in use by another program"));
                assertThat(marina.engineProcesses()).isEmpty();
            }
            marina.run("wait", "cluster", "solo", "--for=ready", "--timeout=60s")
                    .succeeds();
        }
    }

    @Test
    void dataDirectoryOfAnotherUserIsRefusedNotTakenOver() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "only root can give a directory to another user");
        try (Marina marina = Marina.withNewHome()) {
            marina.run("up").succeeds();
            Path file = marina.home().resolve("solo.yaml");
            Files.writeString(file, SINGLE);
            marina.run("apply", "-f", file.toString()).succeeds();
            marina.run("wait", "cluster", "solo", "--for=ready", "--timeout=60s")
                    .succeeds();
            marina.run("down").succeeds();

            Path data = marina.home().resolve("clusters/solo/solo-postgres-0/data");
            run("chown", "-R", "nobody", data.toString());
            marina.run("up").succeeds();
            await().atMost(30, TimeUnit.SECONDS)
                    .untilAsserted(() -> assertThat(marina.run("describe", "cluster", "solo")
                                    .succeeds()
                                    .stdout())
                            .contains("belongs to user nobody"));
            assertThat(marina.engineProcesses()).isEmpty();
            assertThat(data.resolve("PG_VERSION")).exists();
        }
    }

    private static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(List.of(command)).inheritIO().start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
    }
}
