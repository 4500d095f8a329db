package dev.marina.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marina.api.DatabaseCluster;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GetCommandTest extends FakeControlPlaneTest {

    @BeforeEach
    void start() {
        marina.clock(Clock.fixed(Instant.parse("2026-11-20T10:05:30Z"), ZoneOffset.UTC));
    }

    @Test
    void listsClustersAsATable() {
        controlPlane.respond(
                "GET",
                "/api/v1/clusters",
                200,
                TestClusters.json(List.of(TestClusters.ready("demo"), TestClusters.starting("orders"))));

        CliRunner.Result result = marina.run("get", "clusters");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).isEqualTo("""
                        NAME     ENGINE       VERSION   READY   PHASE      PRIMARY             AGE
                        demo     postgresql   15        3/3     Running    demo-postgres-1     5m30s
                        orders   postgresql   15        1/3     Creating   orders-postgres-1   5m30s
                        """);
        assertThat(controlPlane.requests("GET", "/api/v1/clusters"))
                .singleElement()
                .extracting(FakeControlPlane.Request::authorization)
                .isEqualTo("Bearer " + FakeControlPlane.TOKEN);
    }

    @Test
    void saysSoWhenThereAreNoClusters() {
        controlPlane.respond("GET", "/api/v1/clusters", 200, "[]");

        CliRunner.Result result = marina.run("get", "clusters");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).contains("no clusters yet").contains("marina demo");
    }

    @Test
    void showsOneClusterAsAOneRowTable() {
        controlPlane.respond("GET", "/api/v1/clusters/demo", 200, TestClusters.json(TestClusters.ready("demo")));

        CliRunner.Result result = marina.run("get", "cluster", "demo");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).startsWith("NAME   ENGINE").contains("demo   postgresql   15        3/3");
        assertThat(result.out().lines()).hasSize(2);
    }

    @Test
    void printsJsonExactlyAsTheServerSentItIncludingFieldsTheCliDoesNotKnow() {
        String sent = "{\"apiVersion\":\"marina.dev/v1alpha1\",\"kind\":\"DatabaseCluster\","
                + "\"metadata\":{\"name\":\"demo\"},\"spec\":{\"engine\":\"postgresql\"},\"futureField\":{\"x\":1}}";
        controlPlane.respond("GET", "/api/v1/clusters/demo", 200, sent);

        CliRunner.Result result = marina.run("get", "cluster", "demo", "-o", "json");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).isEqualTo("""
                        {
                          "apiVersion" : "marina.dev/v1alpha1",
                          "kind" : "DatabaseCluster",
                          "metadata" : {
                            "name" : "demo"
                          },
                          "spec" : {
                            "engine" : "postgresql"
                          },
                          "futureField" : {
                            "x" : 1
                          }
                        }
                        """);
    }

    @Test
    void printsYaml() {
        DatabaseCluster demo = TestClusters.ready("demo");
        controlPlane.respond("GET", "/api/v1/clusters", 200, TestClusters.json(List.of(demo)));

        CliRunner.Result result = marina.run("get", "clusters", "-o", "yaml");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out())
                .startsWith("- apiVersion: marina.dev/v1alpha1\n  kind: DatabaseCluster\n  metadata:\n    name: demo\n")
                .contains("primary: demo-postgres-1");
    }

    @Test
    void reportsAMissingClusterWithTheServersMessage() {
        controlPlane.respond(
                "GET",
                "/api/v1/clusters/nope",
                404,
                "{\"error\":\"no cluster named nope; list clusters with: marina get clusters\"}");

        CliRunner.Result result = marina.run("get", "cluster", "nope");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).isEqualTo("marina: no cluster named nope; list clusters with: marina get clusters\n");
    }

    @Test
    void refusesAnUnknownOutputFormatAsAUsageError() {
        CliRunner.Result result = marina.run("get", "clusters", "-o", "xml");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err().lines()).singleElement().asString().startsWith("marina: invalid value");
        assertThat(controlPlane.requests()).isEmpty();
    }
}
