package dev.marina.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;

class ConnectCommandTest extends FakeControlPlaneTest {

    private static final String URL =
            "postgresql://app:hunter2@127.0.0.1:5432,127.0.0.1:5433/app?target_session_attrs=read-write";

    private static final String PEM = "-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----\n";

    @Test
    void printsOnlyTheUrlWhenAsked() {
        answerWithCommand("\"psql\"");

        CliRunner.Result result = marina.run("connect", "demo", "--print-url");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).isEqualTo(URL + "\n");
        assertThat(result.err()).isEmpty();
        assertThat(controlPlane
                        .requests("GET", "/api/v1/clusters/demo/connection")
                        .get(0)
                        .query())
                .isEqualTo("readOnly=false&direct=false&caFile=" + caFileQuery());
    }

    @Test
    void asksForAReplicaWithReadOnly() {
        answerWithCommand("\"psql\"");

        marina.run("connect", "demo", "--read-only", "--print-url");

        assertThat(controlPlane
                        .requests("GET", "/api/v1/clusters/demo/connection")
                        .get(0)
                        .query())
                .isEqualTo("readOnly=true&direct=false&caFile=" + caFileQuery());
    }

    @Test
    void asksForTheDatabaseMembersThemselvesWithDirect() {
        answerWithCommand("\"psql\"");

        marina.run("connect", "demo", "--print-url", "--direct");

        assertThat(controlPlane
                        .requests("GET", "/api/v1/clusters/demo/connection")
                        .get(0)
                        .query())
                .isEqualTo("readOnly=false&direct=true&caFile=" + caFileQuery());
    }

    @Test
    void exitsWithTheClientsExitCode() {
        answerWithCommand("\"sh\", \"-c\", \"exit 7\", \"" + URL + "\"");

        CliRunner.Result result = marina.run("connect", "demo");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(7);
    }

    @Test
    void saysWhichClientIsMissingWithoutShowingThePassword() {
        answerWithCommand("\"marina-test-no-such-client\", \"" + URL + "\"");

        CliRunner.Result result = marina.run("connect", "demo");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(result.err())
                .isEqualTo("marina: 'marina-test-no-such-client' is not installed (not found on PATH); install it,"
                        + " or connect with another client to: marina connect demo --print-url\n");
        assertThat(result.out() + result.err()).doesNotContain("hunter2");
    }

    @Test
    void keepsTheClustersCaCertificateWhereTheUrlNamesIt() throws Exception {
        String verified = URL + "&sslmode=verify-full&sslrootcert=" + caFile();
        answer(verified, "\"psql\"", "\"caCertificate\":\"" + PEM.replace("\n", "\\n") + "\"");

        CliRunner.Result result = marina.run("connect", "demo", "--print-url");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).isEqualTo(verified + "\n");
        assertThat(Files.readString(caFile())).isEqualTo(PEM);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(caFile())))
                .as("a certificate is public")
                .isEqualTo("rw-r--r--");
    }

    @Test
    void replacesACaCertificateLeftByAClusterOfTheSameName() throws Exception {
        Files.createDirectories(caFile().getParent());
        Files.writeString(caFile(), "-----BEGIN CERTIFICATE-----\nold\n-----END CERTIFICATE-----\n");
        answer(URL, "\"psql\"", "\"caCertificate\":\"" + PEM.replace("\n", "\\n") + "\"");

        marina.run("connect", "demo", "--print-url");

        assertThat(Files.readString(caFile())).isEqualTo(PEM);
    }

    @Test
    void printsTheCaCertificateWithPrintCa() {
        answer(URL, "\"psql\"", "\"caCertificate\":\"" + PEM.replace("\n", "\\n") + "\"");

        CliRunner.Result result = marina.run("connect", "demo", "--print-ca");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).isEqualTo(PEM);
    }

    @Test
    void saysWhyThereIsNoCaCertificateWithoutTls() {
        answerWithCommand("\"psql\"");

        CliRunner.Result result = marina.run("connect", "demo", "--print-ca", "--direct");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(result.err())
                .isEqualTo("marina: cluster demo serves no TLS on its database members; leave out --direct (a cluster"
                        + " serves TLS through its gateway component, unless its client_tls_sslmode is disable)\n");
        assertThat(Files.exists(caFile())).as("nothing to keep").isFalse();
    }

    private Path caFile() {
        return home.resolve("certs/demo-ca.crt");
    }

    private String caFileQuery() {
        return URLEncoder.encode(caFile().toString(), StandardCharsets.UTF_8);
    }

    private void answer(String url, String commandJson, String extraField) {
        controlPlane.respond(
                "GET",
                "/api/v1/clusters/demo/connection",
                200,
                "{\"cluster\":\"demo\",\"url\":\"" + url + "\",\"hosts\":[\"127.0.0.1:6432\"],"
                        + "\"user\":\"app\",\"password\":\"hunter2\",\"database\":\"app\",\"readOnly\":false,"
                        + "\"command\":[" + commandJson + "]," + extraField + "}");
    }

    private void answerWithCommand(String commandJson) {
        controlPlane.respond(
                "GET",
                "/api/v1/clusters/demo/connection",
                200,
                "{\"cluster\":\"demo\",\"url\":\"" + URL + "\",\"hosts\":[\"127.0.0.1:5432\",\"127.0.0.1:5433\"],"
                        + "\"user\":\"app\",\"password\":\"hunter2\",\"database\":\"app\",\"readOnly\":false,"
                        + "\"command\":[" + commandJson + "]}");
    }
}
