package dev.marina.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marina.api.DatabaseCluster;
import dev.marina.api.yaml.DocumentParser;
import org.junit.jupiter.api.Test;

class DemoTest {

    @Test
    void theBuiltInClusterIsAValidDocumentAsAsked() {
        DatabaseCluster demo = DocumentParser.parseOne(DemoCluster.YAML);

        assertThat(demo.apiVersion()).isEqualTo("marina.dev/v1alpha1");
        assertThat(demo.kind()).isEqualTo("DatabaseCluster");
        assertThat(demo.name()).isEqualTo("demo");
        assertThat(demo.spec().engine()).isEqualTo("postgresql");
        assertThat(demo.spec().version()).isEqualTo("15");
        assertThat(demo.spec().components().get("postgres").replicas()).isEqualTo(3);
        assertThat(demo.spec().availabilityOrDefault().isSynchronous()).isTrue();
    }

    @Test
    void namesTheMemberThatServedAPort() {
        assertThat(DemoCommand.memberOnPort(TestClusters.readyMembers("demo"), 5433))
                .isEqualTo("demo-postgres-2, port 5433");
        assertThat(DemoCommand.memberOnPort(TestClusters.readyMembers("demo"), 6000))
                .isEqualTo("port 6000");
    }
}
