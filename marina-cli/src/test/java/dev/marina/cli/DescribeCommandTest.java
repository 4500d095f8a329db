package dev.marina.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marina.api.MemberStatus;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DescribeCommandTest extends FakeControlPlaneTest {

    @BeforeEach
    void start() {
        marina.clock(Clock.fixed(Instant.parse("2026-11-20T10:10:00Z"), ZoneOffset.UTC));
        controlPlane.respond("GET", "/api/v1/clusters/demo", 200, TestClusters.json(TestClusters.ready("demo")));
    }

    @Test
    void describesSpecStatusMembersEndpointsAndEvents() {
        controlPlane.respond("GET", "/api/v1/clusters/demo/events", 200, """
                [{"id":1,"time":"2026-11-20T10:00:05Z","cluster":"demo","type":"Normal","reason":"Created",
                  "message":"cluster created"},
                 {"id":2,"time":"2026-11-20T10:09:00Z","cluster":"demo","member":"demo-postgres-1","type":"Normal",
                  "reason":"Promoted","message":"demo-postgres-1 is primary on timeline 1"}]
                """);

        CliRunner.Result result = marina.run("describe", "cluster", "demo");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).isEqualTo("""
                        Name:                demo
                        Engine:              postgresql 15
                        Created:             2026-11-20T10:00:00Z (10m ago)
                        Generation:          1 (observed 1)
                        Phase:               Running
                        Primary:             demo-postgres-1
                        Epoch:               2
                        Ready members:       3/3
                        Synchronous:         true
                        Failover:            automatic
                        Deletion protection: false

                        Components:
                          NAME       REPLICAS   STORAGE   CONFIG
                          postgres   3          -         max_connections=100

                        Conditions:
                          TYPE    STATUS   REASON            AGE   MESSAGE
                          Ready   True     AllMembersReady   9m    all 3 members ready

                        Members:
                          NAME              COMPONENT   ROLE      EPOCH   STATE       ENDPOINT         LAG   PID    MESSAGE
                          demo-postgres-1   postgres    primary   1       running     127.0.0.1:5432   -     4032   -
                          demo-postgres-2   postgres    replica   1       streaming   127.0.0.1:5433   0B    4033   -
                          demo-postgres-3   postgres    replica   1       streaming   127.0.0.1:5434   0B    4034   -

                        Endpoints:
                          read-write:  127.0.0.1:5432
                          read-only:   127.0.0.1:5433, 127.0.0.1:5434

                        Events:
                          AGE     TYPE     REASON     MEMBER            MESSAGE
                          9m55s   Normal   Created    -                 cluster created
                          60s     Normal   Promoted   demo-postgres-1   demo-postgres-1 is primary on timeline 1
                        """);
        assertThat(controlPlane
                        .requests("GET", "/api/v1/clusters/demo/events")
                        .get(0)
                        .query())
                .isEqualTo("limit=" + ClusterDescription.EVENTS_SHOWN);
    }

    @Test
    void stillDescribesTheClusterWhenEventsCannotBeRead() {
        controlPlane.respond("GET", "/api/v1/clusters/demo/events", 500, "{\"error\":\"event store unavailable\"}");

        CliRunner.Result result = marina.run("describe", "cluster", "demo");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out())
                .contains("Phase:               Running")
                .endsWith("Events:\n  <unavailable: event store unavailable; see the control plane log: "
                        + home.resolve("logs/server.log") + ">\n");
    }

    @Test
    void lagShowsSecondsBehindOnlyWhenTheReplicaIsASecondOrMoreBehind() {
        MemberStatus caughtUp = new MemberStatus(
                "demo-postgres-2", "postgres", "replica", 1L, "streaming", "127.0.0.1:5433", 0L, 0L, 4033L, null);
        MemberStatus behind = new MemberStatus(
                "demo-postgres-3", "postgres", "replica", 1L, "streaming", "127.0.0.1:5434", 1536L, 3L, 4034L, null);
        MemberStatus unknown = TestClusters.member("demo-postgres-1", "primary", "running", 5432);

        assertThat(List.of(caughtUp, behind, unknown))
                .extracting(ClusterDescription::lag)
                .containsExactly("0B", "1.5KiB 3s", null);
    }
}
