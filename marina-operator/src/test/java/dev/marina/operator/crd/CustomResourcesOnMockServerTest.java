package dev.marina.operator.crd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marina.api.AvailabilitySpec;
import dev.marina.api.ClusterSpec;
import dev.marina.api.ClusterStatus;
import dev.marina.api.ComponentSpec;
import dev.marina.api.Condition;
import dev.marina.api.MemberStatus;
import dev.marina.api.OperationSpec;
import dev.marina.api.OperationStatus;
import dev.marina.api.OperationStep;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The cheap check of the checked-in CRDs: the mock API server (CRUD mode) takes them, and Marina's resources make
 * the round trip through it unchanged. It checks no schema rule (the mock server does not validate); a real API
 * server (tier 3 or 4) does.
 */
@EnableKubernetesMockClient(crud = true, kubernetesClientBuilderCustomizer = ModelSerializationCustomizer.class)
class CustomResourcesOnMockServerTest {

    private static final String NAMESPACE = "shop";

    static KubernetesClient client;

    @BeforeEach
    void applyDefinitions() throws IOException {
        for (Path file : checkedInDefinitions()) {
            CustomResourceDefinition definition = client.getKubernetesSerialization()
                    .unmarshal(Files.readString(file, StandardCharsets.UTF_8), CustomResourceDefinition.class);
            client.apiextensions()
                    .v1()
                    .customResourceDefinitions()
                    .resource(definition)
                    .createOr(existing -> existing.update());
        }
    }

    @Test
    void theDefinitionsAreServedWithTheirStatusSubresourceAndNames() {
        List<CustomResourceDefinition> served =
                client.apiextensions().v1().customResourceDefinitions().list().getItems();

        assertThat(served)
                .extracting(definition -> definition.getMetadata().getName())
                .containsExactlyInAnyOrder("databaseclusters.marina.dev", "databaseoperations.marina.dev");
        assertThat(served).allSatisfy(definition -> {
            assertThat(definition.getSpec().getScope()).isEqualTo("Namespaced");
            assertThat(definition.getSpec().getVersions()).singleElement().satisfies(version -> {
                assertThat(version.getName()).isEqualTo(CustomResources.VERSION);
                assertThat(version.getSubresources().getStatus()).isNotNull();
            });
        });
        CustomResourceDefinition clusters = served.stream()
                .filter(definition -> definition.getSpec().getNames().getKind().equals("DatabaseCluster"))
                .findFirst()
                .orElseThrow();
        assertThat(clusters.getSpec().getNames().getShortNames()).containsExactly("dbc");
        assertThat(clusters.getSpec().getVersions().get(0).getAdditionalPrinterColumns())
                .extracting(column -> column.getName())
                .containsExactly("Engine", "Version", "Ready", "Primary", "Members", "Phase", "Age");
    }

    @Test
    void theFullExampleOfTheClusterSpecDocumentParsesAndMakesTheRoundTrip() throws IOException {
        String example = DocumentExamples.first("docs/cluster-spec.md", "kind: DatabaseCluster", "availability:");
        DatabaseClusterResource parsed =
                client.getKubernetesSerialization().unmarshal(example, DatabaseClusterResource.class);

        ClusterSpec spec = parsed.getSpec();
        assertThat(parsed.getMetadata().getName()).isEqualTo("orders");
        assertThat(spec.engine()).isEqualTo("postgresql");
        assertThat(spec.version()).isEqualTo("15");
        assertThat(spec.components()).containsOnlyKeys("postgres", "gateway");
        ComponentSpec postgres = spec.components().get("postgres");
        assertThat(postgres.replicas()).isEqualTo(3);
        assertThat(postgres.config()).containsEntry("max_connections", "200").containsEntry("shared_buffers", "256MB");
        assertThat(postgres.resources().requests()).containsEntry("cpu", "500m").containsEntry("memory", "1Gi");
        assertThat(postgres.storage().size()).isEqualTo("10Gi");
        assertThat(spec.availability()).isEqualTo(new AvailabilitySpec(true, "automatic", "250ms", 4, "16Mi"));
        assertThat(spec.deletionProtection()).isTrue();

        parsed.getMetadata().setNamespace(NAMESPACE);
        client.resource(parsed).create();
        DatabaseClusterResource stored = client.resources(DatabaseClusterResource.class)
                .inNamespace(NAMESPACE)
                .withName("orders")
                .get();

        assertThat(stored.getSpec()).isEqualTo(spec);
        assertThat(stored.getApiVersion()).isEqualTo("marina.dev/v1alpha1");
        assertThat(stored.getKind()).isEqualTo("DatabaseCluster");
    }

    @Test
    void aStatusWrittenThroughTheSubresourceIsReadBack() {
        DatabaseClusterResource cluster = new DatabaseClusterResource();
        cluster.setMetadata(new ObjectMetaBuilder()
                .withName("billing")
                .withNamespace(NAMESPACE)
                .build());
        // synchronous left unset: it must stay unset, not come back as false (isSynchronous() is no field).
        cluster.setSpec(new ClusterSpec(
                "postgresql",
                "15",
                Map.of("postgres", new ComponentSpec(2, Map.of(), null, null)),
                new AvailabilitySpec(null, "manual", null, null, null),
                null));
        DatabaseClusterResource created = client.resource(cluster).create();
        created.setStatus(new ClusterStatus(
                "Running",
                1L,
                List.of(new Condition(Condition.READY, "True", "MembersReady", "2 of 2 members ready", 1L, null)),
                "billing-postgres-0",
                1L,
                List.of(new MemberStatus(
                        "billing-postgres-0", "postgres", "primary", 1L, "running", "10.0.0.7:5432", 0L, null, null)),
                null));

        client.resource(created).updateStatus();
        DatabaseClusterResource read = client.resources(DatabaseClusterResource.class)
                .inNamespace(NAMESPACE)
                .withName("billing")
                .get();

        assertThat(read.getStatus().primary()).isEqualTo("billing-postgres-0");
        assertThat(read.getStatus().isReady()).isTrue();
        assertThat(read.getSpec().availability().synchronous()).isNull();
        String json = client.getKubernetesSerialization().asJson(read);
        assertThat(json).doesNotContain("\"ready\"", "\"deletionProtected\"", "\"automaticFailover\"");
    }

    @Test
    void anOperationMakesTheRoundTrip() {
        DatabaseOperationResource operation = new DatabaseOperationResource();
        operation.setMetadata(new ObjectMetaBuilder()
                .withName("orders-switchover-1")
                .withNamespace(NAMESPACE)
                .build());
        operation.setSpec(OperationSpec.of("orders", OperationSpec.SWITCHOVER).withTo("orders-postgres-1"));
        operation.setStatus(OperationStatus.pending(
                List.of(OperationStep.planned(1, OperationStep.SWITCHOVER, "orders-postgres-1", "promote it")),
                "waiting",
                "2026-11-20T10:00:00Z"));

        client.resource(operation).create();
        DatabaseOperationResource read = client.resources(DatabaseOperationResource.class)
                .inNamespace(NAMESPACE)
                .withName("orders-switchover-1")
                .get();

        assertThat(read.getSpec()).isEqualTo(operation.getSpec());
        assertThat(client.getKubernetesSerialization().asJson(read)).doesNotContain("\"forced\"", "\"finished\"");
    }

    private static List<Path> checkedInDefinitions() throws IOException {
        try (var files = Files.list(DocumentExamples.path("deploy/crds"))) {
            return files.filter(CustomResourceDefinitions::isDefinition)
                    .sorted()
                    .toList();
        }
    }
}
