package dev.marina.api.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marina.api.AvailabilitySpec;
import dev.marina.api.ClusterSpec;
import dev.marina.api.ClusterStatus;
import dev.marina.api.ComponentSpec;
import dev.marina.api.Condition;
import dev.marina.api.DatabaseCluster;
import dev.marina.api.Endpoints;
import dev.marina.api.MemberStatus;
import dev.marina.api.ObjectMeta;
import dev.marina.api.ResourcesSpec;
import dev.marina.api.StorageSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SerializationTest {

    private static final DatabaseCluster CLUSTER = DatabaseCluster.of(
                    new ObjectMeta(
                            "orders",
                            Map.of("team", "shop"),
                            Map.of(),
                            4L,
                            "3f1c2a9e-0000-4000-8000-000000000001",
                            "2026-11-20T10:00:00Z"),
                    new ClusterSpec(
                            "postgresql",
                            "15",
                            Map.of(
                                    "postgres",
                                    new ComponentSpec(
                                            3,
                                            Map.of("max_connections", "200", "jit", "off"),
                                            new ResourcesSpec(Map.of("cpu", "500m"), Map.of("memory", "1Gi")),
                                            new StorageSpec("10Gi", null))),
                            // synchronous left unset: it must come back unset, not as false.
                            new AvailabilitySpec(null, "manual", null, null, null),
                            true))
            .withStatus(new ClusterStatus(
                    "Running",
                    4L,
                    List.of(
                            new Condition(
                                    Condition.READY,
                                    "True",
                                    "MembersReady",
                                    "3 of 3 members ready",
                                    4L,
                                    "2026-11-20T10:01:00Z"),
                            new Condition(
                                    Condition.PROGRESSING,
                                    "False",
                                    "Reconciled",
                                    "nothing to do",
                                    4L,
                                    "2026-11-20T10:01:00Z")),
                    "orders-postgres-0",
                    2L,
                    List.of(
                            new MemberStatus(
                                    "orders-postgres-0",
                                    "postgres",
                                    MemberStatus.ROLE_PRIMARY,
                                    2L,
                                    MemberStatus.STATE_RUNNING,
                                    "127.0.0.1:40001",
                                    0L,
                                    4242L,
                                    null),
                            new MemberStatus(
                                    "orders-postgres-1",
                                    "postgres",
                                    MemberStatus.ROLE_REPLICA,
                                    2L,
                                    MemberStatus.STATE_STREAMING,
                                    "127.0.0.1:40002",
                                    8192L,
                                    4243L,
                                    null),
                            new MemberStatus(
                                    "orders-postgres-3",
                                    "postgres",
                                    MemberStatus.ROLE_REPLICA,
                                    null,
                                    MemberStatus.STATE_FAILED,
                                    "127.0.0.1:40004",
                                    null,
                                    null,
                                    "exited with code 1")),
                    new Endpoints(List.of("127.0.0.1:40001"), List.of("127.0.0.1:40002"))));

    @Test
    void clusterWithStatusSurvivesJson() {
        String json = Serialization.toJson(CLUSTER);

        assertThat(Serialization.fromJson(json, DatabaseCluster.class)).isEqualTo(CLUSTER);
        assertThat(Serialization.fromJson(Serialization.toPrettyJson(CLUSTER), DatabaseCluster.class))
                .isEqualTo(CLUSTER);
    }

    @Test
    void clusterWithStatusSurvivesYaml() throws Exception {
        String yaml = Serialization.toYaml(CLUSTER);

        assertThat(Serialization.yaml().readValue(yaml, DatabaseCluster.class)).isEqualTo(CLUSTER);
    }

    @Test
    void yamlWrittenByMarinaIsReadBackByTheDocumentParser() {
        // What `marina get -o yaml` prints, a user edits and applies again.
        assertThat(DocumentParser.parseOne(Serialization.toYaml(CLUSTER))).isEqualTo(CLUSTER);
        assertThat(DocumentParser.parseOne(Serialization.toPrettyJson(CLUSTER))).isEqualTo(CLUSTER);
    }

    @Test
    void jsonFieldNamesAreTheContract() throws Exception {
        JsonNode json = Serialization.json().readTree(Serialization.toJson(CLUSTER));

        assertThat(fieldNames(json)).containsExactly("apiVersion", "kind", "metadata", "spec", "status");
        assertThat(json.get("apiVersion").asText()).isEqualTo("marina.dev/v1alpha1");
        assertThat(json.get("kind").asText()).isEqualTo("DatabaseCluster");
        assertThat(fieldNames(json.get("metadata")))
                .containsExactlyInAnyOrder("name", "labels", "generation", "uid", "creationTimestamp");

        JsonNode spec = json.get("spec");
        assertThat(fieldNames(spec))
                .containsExactlyInAnyOrder("engine", "version", "components", "availability", "deletionProtection");
        assertThat(fieldNames(spec.get("components").get("postgres")))
                .containsExactlyInAnyOrder("replicas", "config", "resources", "storage");
        assertThat(fieldNames(spec.get("components").get("postgres").get("resources")))
                .containsExactlyInAnyOrder("requests", "limits");
        assertThat(fieldNames(spec.get("components").get("postgres").get("storage")))
                .containsExactly("size");
        assertThat(fieldNames(spec.get("availability"))).containsExactly("failover");

        JsonNode status = json.get("status");
        assertThat(fieldNames(status))
                .containsExactlyInAnyOrder(
                        "phase", "observedGeneration", "conditions", "primary", "epoch", "members", "endpoints");
        assertThat(fieldNames(status.get("conditions").get(0)))
                .containsExactlyInAnyOrder(
                        "type", "status", "reason", "message", "observedGeneration", "lastTransitionTime");
        assertThat(fieldNames(status.get("members").get(0)))
                .containsExactlyInAnyOrder("name", "component", "role", "epoch", "state", "endpoint", "lag", "pid");
        assertThat(fieldNames(status.get("members").get(2)))
                .containsExactlyInAnyOrder("name", "component", "role", "state", "endpoint", "message");
        assertThat(fieldNames(status.get("endpoints"))).containsExactlyInAnyOrder("readWrite", "readOnly");
    }

    @Test
    void jsonValuesHaveTheirContractTypes() throws Exception {
        JsonNode json = Serialization.json().readTree(Serialization.toJson(CLUSTER));

        JsonNode member = json.get("status").get("members").get(1);
        assertThat(member.get("epoch").isIntegralNumber()).isTrue();
        assertThat(member.get("lag").asLong()).isEqualTo(8192L);
        assertThat(json.get("status").get("observedGeneration").asLong()).isEqualTo(4L);
        assertThat(json.get("spec")
                        .get("components")
                        .get("postgres")
                        .get("replicas")
                        .isInt())
                .isTrue();
        assertThat(json.get("spec").get("deletionProtection").isBoolean()).isTrue();
        assertThat(json.get("spec")
                        .get("components")
                        .get("postgres")
                        .get("config")
                        .get("max_connections")
                        .isTextual())
                .isTrue();
    }

    private static List<String> fieldNames(JsonNode node) {
        assertThat(node).as("a JSON object").isNotNull();
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
