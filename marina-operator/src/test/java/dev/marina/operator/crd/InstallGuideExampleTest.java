package dev.marina.operator.crd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The cluster example of docs/kubernetes-install.md is one the API server takes: its config values are text (the
 * schema types them as strings), and it reads into the resource class.
 */
class InstallGuideExampleTest {

    @Test
    void theExampleQuotesEveryConfigValueAndParses() throws IOException {
        String example = DocumentExamples.first("docs/kubernetes-install.md", "kind: DatabaseCluster");

        JsonNode components = new YAMLMapper().readTree(example).path("spec").path("components");
        List<String> notText = new ArrayList<>();
        for (Map.Entry<String, JsonNode> component : components.properties()) {
            for (Map.Entry<String, JsonNode> setting :
                    component.getValue().path("config").properties()) {
                if (!setting.getValue().isTextual()) {
                    notText.add(component.getKey() + "." + setting.getKey() + ": " + setting.getValue());
                }
            }
        }
        assertThat(components.isEmpty()).isFalse();
        assertThat(notText).as("config values the API server would refuse").isEmpty();

        DatabaseClusterResource cluster =
                ResourceSerialization.create().unmarshal(example, DatabaseClusterResource.class);
        assertThat(cluster.getSpec().components().get("postgres").config())
                .containsEntry("synchronous_commit", "on")
                .containsEntry("checkpoint_completion_target", "0.90");
    }
}
