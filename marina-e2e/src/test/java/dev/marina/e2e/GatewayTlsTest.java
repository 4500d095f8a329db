package dev.marina.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.marina.control.member.ClusterCertificates;
import dev.marina.engine.postgresql.PostgresInstallation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * TLS through a cluster's gateway, with the real jar, gateway and psql: by default the gateway requires TLS with a
 * certificate of the cluster's own authority; {@code marina connect --print-url} verifies it with that authority's
 * certificate, which it keeps under MARINA_HOME; a client that turns TLS off is refused with a message that says so;
 * the certificate survives a control plane killed with SIGKILL without restarting the gateway; and {@code
 * client_tls_sslmode} is checked before anything changes and turns TLS off when asked.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GatewayTlsTest {

    private static final String NAME = "vault";
    private static final String GATEWAY = "vault-gateway-0";
    private static final Duration BOUND = Duration.ofSeconds(90);

    private static Marina marina;
    private static ControlPlaneApi api;
    private static ClusterStatusReader status;

    @BeforeAll
    static void createCluster() throws IOException {
        marina = Marina.withNewHome();
        api = new ControlPlaneApi(marina.home());
        status = new ClusterStatusReader(api, NAME);
        marina.run("up").succeeds();
        marina.run("apply", "-f", spec("vault.yaml", "").toString()).succeeds();
        marina.run("wait", "cluster", NAME, "--for=ready", "--timeout=120s").succeeds();
    }

    @AfterAll
    static void stop() {
        if (marina != null) {
            marina.close();
        }
    }

    @Test
    @Order(1)
    void psqlVerifiesTheGatewayWithTheClustersAuthority() throws IOException {
        String url = printedUrl();
        Path caFile = marina.home().resolve("certs").resolve(NAME + "-ca.crt");
        assertThat(url).endsWith("&sslmode=verify-full&sslrootcert=" + caFile);
        assertThat(Files.readString(caFile))
                .startsWith("-----BEGIN CERTIFICATE-----")
                .isEqualTo(marina.run("connect", NAME, "--print-ca").succeeds().stdout());

        Psql verified = psql(url, "-c", "\\conninfo", "-c", "SELECT 'through the gateway'");

        assertThat(verified.exitCode()).as(verified.toString()).isZero();
        assertThat(verified.stdout()).contains("SSL connection (protocol: TLSv1.", "through the gateway");

        // The certificate names localhost too; the gateway listens on 127.0.0.1, which libpq reaches through it.
        Psql byName = psql(url.replace("@127.0.0.1:", "@localhost:"), "-c", "SELECT 1");
        assertThat(byName.exitCode()).as(byName.toString()).isZero();
    }

    @Test
    @Order(2)
    void verificationFailsWithAnotherAuthorityOrAHostTheCertificateDoesNotName() throws IOException {
        String url = printedUrl();
        Path stranger = marina.home().resolve("stranger-ca.crt");
        Files.writeString(
                stranger,
                ClusterCertificates.authority("stranger", Instant.now()).certificate());
        String caFile = marina.home().resolve("certs").resolve(NAME + "-ca.crt").toString();

        Psql otherAuthority = psql(url.replace(caFile, stranger.toString()), "-c", "SELECT 1");

        assertThat(otherAuthority.exitCode()).as(otherAuthority.toString()).isEqualTo(2);
        assertThat(otherAuthority.stderr()).contains("certificate verify failed");

        // Connect to the gateway's address, but check the certificate against another name.
        String misnamed = url.replace("@127.0.0.1:", "@gateway.invalid:") + "&hostaddr=127.0.0.1";
        Psql fullCheck = psql(misnamed, "-c", "SELECT 1");
        Psql authorityOnly = psql(misnamed.replace("sslmode=verify-full", "sslmode=verify-ca"), "-c", "SELECT 1");

        assertThat(fullCheck.exitCode()).as(fullCheck.toString()).isEqualTo(2);
        assertThat(fullCheck.stderr()).contains("does not match host name \"gateway.invalid\"");
        assertThat(authorityOnly.exitCode()).as(authorityOnly.toString()).isZero();
    }

    @Test
    @Order(3)
    void requireEncryptsWithoutTheAuthorityAndPlaintextIsRefused() {
        String plain = withoutTls(printedUrl());

        Psql encrypted = psql(plain + "&sslmode=require", "-c", "\\conninfo");
        Psql plaintext = psql(plain + "&sslmode=disable", "-c", "SELECT 1");

        assertThat(encrypted.exitCode()).as(encrypted.toString()).isZero();
        assertThat(encrypted.stdout()).contains("SSL connection (protocol: TLSv1.");
        assertThat(plaintext.exitCode()).as(plaintext.toString()).isEqualTo(2);
        assertThat(plaintext.stderr()).contains("FATAL:  the gateway requires TLS");
    }

    @Test
    @Order(4)
    void theCertificateOutlivesAControlPlaneKilledWithSigkillAndTheGatewayIsNotRestarted() {
        String authority = marina.run("connect", NAME, "--print-ca").succeeds().stdout();
        long gatewayPid = status.pid(GATEWAY);
        long gatewayReloads = gatewayReloads();
        long controlPlane = marina.controlPlanePid();
        ProcessHandle.of(controlPlane).ifPresent(ProcessHandle::destroyForcibly);
        await().atMost(BOUND)
                .until(() -> ProcessHandle.of(controlPlane)
                        .map(process -> !process.isAlive())
                        .orElse(true));

        marina.run("up").succeeds();
        marina.run("wait", "cluster", NAME, "--for=ready", "--timeout=60s").succeeds();

        assertThat(marina.run("connect", NAME, "--print-ca").succeeds().stdout())
                .isEqualTo(authority);
        // The new control plane renders the gateway's plan at once; a different certificate would reload it.
        await().during(Duration.ofSeconds(5))
                .atMost(BOUND)
                .until(() -> status.pid(GATEWAY) == gatewayPid && gatewayReloads() == gatewayReloads);
        Psql verified = psql(printedUrl(), "-c", "SELECT 1");
        assertThat(verified.exitCode()).as(verified.toString()).isZero();
        assertThat(status.reasons()).doesNotContain("CertificateRenewed");
    }

    @Test
    @Order(5)
    void aModeTheGatewayDoesNotHaveIsRefusedBeforeAnythingChanges() throws IOException {
        Path file = spec("wrong.yaml", """
                      config:
                        client_tls_sslmode: verify-full
                """);

        Marina.Result result = marina.run("apply", "-f", file.toString());

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr())
                .contains("spec.components.gateway.config.client_tls_sslmode")
                .contains("'verify-full' is not accepted; write disable, allow, prefer or require");
        assertThat(api.cluster(NAME).path("metadata").path("generation").asLong())
                .isEqualTo(1);
    }

    @Test
    @Order(6)
    void disableTurnsTlsOffAndTheUrlFollows() throws IOException {
        long gatewayPid = status.pid(GATEWAY);
        Path file = spec("plain.yaml", """
                      config:
                        client_tls_sslmode: disable
                """);

        marina.run("apply", "-f", file.toString()).succeeds();

        String url = printedUrl();
        assertThat(url).doesNotContain("sslmode");
        await().atMost(BOUND)
                .ignoreExceptions()
                .until(() -> psql(url + "&sslmode=disable", "-c", "SELECT 1").exitCode() == 0);
        assertThat(status.pid(GATEWAY))
                .as("the gateway reloaded its file, not restarted")
                .isEqualTo(gatewayPid);
        Psql required = psql(url + "&sslmode=require", "-c", "SELECT 1");
        assertThat(required.exitCode()).as(required.toString()).isEqualTo(2);
        assertThat(required.stderr()).contains("server does not support SSL");
        Marina.Result noAuthority = marina.run("connect", NAME, "--print-ca");
        assertThat(noAuthority.exitCode()).isNotZero();
        assertThat(noAuthority.stderr()).contains("cluster vault serves no TLS");
    }

    private static long gatewayReloads() {
        return status.events("Reconfigured").stream()
                .filter(event -> event.contains(GATEWAY))
                .count();
    }

    /** Cluster vault (one PostgreSQL member) with a gateway whose component body ends with {@code gateway}. */
    private static Path spec(String fileName, String gateway) throws IOException {
        Path file = marina.home().resolve(fileName);
        Files.writeString(file, """
                apiVersion: marina.dev/v1alpha1
                kind: DatabaseCluster
                metadata:
                  name: vault
                spec:
                  engine: postgresql
                  components:
                    postgres:
                      replicas: 1
                    gateway:
                      replicas: 1
                """ + gateway);
        return file;
    }

    private static String printedUrl() {
        return marina.run("connect", NAME, "--print-url").succeeds().stdout().trim();
    }

    private static String withoutTls(String url) {
        return url.substring(0, url.indexOf("&sslmode="));
    }

    private record Psql(int exitCode, String stdout, String stderr) {}

    /** psql with {@code arguments} after the URL; no .psqlrc, no default root certificate of the user running it. */
    private static Psql psql(String url, String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(PostgresInstallation.fromEnvironment(System.getenv()).program("15", "psql"));
        command.add("-X");
        command.add(url);
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment()
                .put(
                        "PGSSLROOTCERT",
                        marina.home().resolve("no-default-root.crt").toString());
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            CompletableFuture<String> stdout = read(process.getInputStream());
            CompletableFuture<String> stderr = read(process.getErrorStream());
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("psql did not finish in 60 s: " + command);
            }
            return new Psql(process.exitValue(), stdout.join(), stderr.join());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static CompletableFuture<String> read(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
