package dev.marina.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marina.api.DatabaseCluster;
import dev.marina.api.MemberStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterReadinessTest {

    @Test
    void readyWhenTheConditionIsTrueForTheLatestGeneration() {
        assertThat(new ClusterReadiness(TestClusters.ready("demo")).isReady()).isTrue();
        assertThat(new ClusterReadiness(TestClusters.starting("demo")).isReady())
                .isFalse();
    }

    @Test
    void notReadyWhileTheControlPlaneHasNotSeenTheLatestSpec() {
        DatabaseCluster stale = TestClusters.cluster(
                "demo", 3, 2L, "Running", "True", "AllMembersReady", TestClusters.readyMembers("demo"));
        ClusterReadiness readiness = new ClusterReadiness(stale);

        assertThat(readiness.isReady()).isFalse();
        assertThat(readiness.whatIsMissing())
                .isEqualTo("the control plane has not yet acted on generation 3 (observed 2)");
    }

    @Test
    void countsMembersServingTheirRoleAgainstTheSpec() {
        assertThat(new ClusterReadiness(TestClusters.starting("demo")).readyColumn())
                .isEqualTo("1/3");
        DatabaseCluster twoOfThreeExist = TestClusters.cluster(
                "demo",
                1,
                1L,
                "Creating",
                "False",
                "MembersStarting",
                List.of(TestClusters.member("demo-postgres-1", "primary", "running", 5432)));

        assertThat(new ClusterReadiness(twoOfThreeExist).readyColumn()).isEqualTo("1/3");
        assertThat(new ClusterReadiness(twoOfThreeExist).whatIsMissing())
                .isEqualTo("Ready is False (MembersStarting: 2 of 3 members starting); 1 of 3 members exist");
    }

    @Test
    void namesFailedMembersWithTheirMessage() {
        MemberStatus failed = new MemberStatus(
                "demo-postgres-3", "postgres", "replica", 1L, "failed", null, null, null, "pg_basebackup failed");
        DatabaseCluster cluster = TestClusters.cluster(
                "demo",
                1,
                1L,
                "Degraded",
                "False",
                "MemberFailed",
                List.of(TestClusters.member("demo-postgres-1", "primary", "running", 5432), failed));

        assertThat(new ClusterReadiness(cluster).whatIsMissing())
                .endsWith("members not ready: demo-postgres-3 (replica, failed): pg_basebackup failed");
    }

    @Test
    void aClusterWithoutStatusIsNotReady() {
        DatabaseCluster fresh = TestClusters.ready("demo").withStatus(null);

        assertThat(new ClusterReadiness(fresh).isReady()).isFalse();
        assertThat(new ClusterReadiness(fresh).whatIsMissing())
                .isEqualTo("the control plane has not reported any status yet");
        assertThat(new ClusterReadiness(fresh).readyColumn()).isEqualTo("0/3");
    }
}
