package dev.marina.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConnectCommandTest extends FakeControlPlaneTest {

    private static final String URL =
            "postgresql://app:hunter2@127.0.0.1:5432,127.0.0.1:5433/app?target_session_attrs=read-write";

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
                .isEqualTo("readOnly=false&direct=false");
    }

    @Test
    void asksForAReplicaWithReadOnly() {
        answerWithCommand("\"psql\"");

        marina.run("connect", "demo", "--read-only", "--print-url");

        assertThat(controlPlane
                        .requests("GET", "/api/v1/clusters/demo/connection")
                        .get(0)
                        .query())
                .isEqualTo("readOnly=true&direct=false");
    }

    @Test
    void asksForTheDatabaseMembersThemselvesWithDirect() {
        answerWithCommand("\"psql\"");

        marina.run("connect", "demo", "--print-url", "--direct");

        assertThat(controlPlane
                        .requests("GET", "/api/v1/clusters/demo/connection")
                        .get(0)
                        .query())
                .isEqualTo("readOnly=false&direct=true");
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
