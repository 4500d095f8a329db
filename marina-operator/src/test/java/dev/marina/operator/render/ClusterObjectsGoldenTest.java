package dev.marina.operator.render;

import dev.marina.api.DatabaseCluster;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every object of a cluster, as readable YAML, against the golden files in {@code src/test/resources/golden}. A
 * change shows in review as a diff of what Kubernetes gets. To accept one: {@code -Dgolden.update=true}.
 */
class ClusterObjectsGoldenTest {

    @Test
    void threeMemberClusterMatchesGolden() throws IOException {
        DatabaseCluster cluster = TestClusters.threeMembers();
        GoldenFiles.assertMatches("three-members.yaml", render(cluster, KubernetesSettings.DEFAULT));
    }

    @Test
    void clusterWithGatewayAndServiceMonitorMatchesGolden() throws IOException {
        DatabaseCluster cluster = TestClusters.withGateway();
        GoldenFiles.assertMatches(
                "with-gateway.yaml", render(cluster, KubernetesSettings.DEFAULT.withServiceMonitor(true)));
    }

    private static String render(DatabaseCluster cluster, KubernetesSettings settings) {
        List<HasMetadata> objects = ClusterObjects.render(
                cluster, TestClusters.NAMESPACE, TestClusters.ENGINE, TestClusters.credentials(), settings);
        return ObjectsText.yaml(objects, List.of());
    }
}
