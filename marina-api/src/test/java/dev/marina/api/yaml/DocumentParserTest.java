package dev.marina.api.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marina.api.AvailabilitySpec;
import dev.marina.api.ComponentSpec;
import dev.marina.api.DatabaseCluster;
import dev.marina.api.ResourcesSpec;
import dev.marina.api.StorageSpec;
import dev.marina.api.validation.FieldError;
import dev.marina.api.validation.InvalidDocumentException;
import dev.marina.api.yaml.DocumentParser.ParsedDocument;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DocumentParserTest {

    private static final String ORDERS = """
            apiVersion: marina.dev/v1alpha1
            kind: DatabaseCluster
            metadata:
              name: orders
            spec:
              engine: postgresql
              version: "15"
              components:
                postgres:
                  replicas: 3
                  config:
                    shared_buffers: 128MB
                  resources:
                    requests: {cpu: 500m, memory: 1Gi}
                    limits: {cpu: "2", memory: 2Gi}
                  storage:
                    size: 10Gi
                    storageClassName: fast
              availability:
                synchronous: true
                failover: manual
              deletionProtection: true
            """;

    // --- documents that are read ---

    @Test
    void readsOneDocument() {
        List<ParsedDocument> documents = DocumentParser.parse(ORDERS);

        assertThat(documents).singleElement().satisfies(document -> {
            assertThat(document.index()).isEqualTo(1);
            assertThat(document.line()).isEqualTo(1);
        });
        DatabaseCluster cluster = documents.get(0).cluster();
        assertThat(cluster.apiVersion()).isEqualTo("marina.dev/v1alpha1");
        assertThat(cluster.kind()).isEqualTo("DatabaseCluster");
        assertThat(cluster.name()).isEqualTo("orders");
        assertThat(cluster.spec().engine()).isEqualTo("postgresql");
        assertThat(cluster.spec().version()).isEqualTo("15");
        assertThat(cluster.spec().components())
                .containsExactlyEntriesOf(Map.of(
                        "postgres",
                        new ComponentSpec(
                                3,
                                Map.of("shared_buffers", "128MB"),
                                new ResourcesSpec(
                                        Map.of("cpu", "500m", "memory", "1Gi"), Map.of("cpu", "2", "memory", "2Gi")),
                                new StorageSpec("10Gi", "fast"))));
        assertThat(cluster.spec().availability()).isEqualTo(new AvailabilitySpec(true, "manual", null, null, null));
        assertThat(cluster.spec().deletionProtection()).isTrue();
        assertThat(cluster.status()).isNull();
    }

    @Test
    void readsSeveralDocumentsInOrderWithWhereEachStarts() {
        String text = named("alpha") + "---\n" + named("beta") + "---\n" + named("gamma");

        List<ParsedDocument> documents = DocumentParser.parse(text);

        assertThat(documents)
                .extracting(document -> document.cluster().name())
                .containsExactly("alpha", "beta", "gamma");
        assertThat(documents).extracting(ParsedDocument::index).containsExactly(1, 2, 3);
        assertThat(documents).extracting(ParsedDocument::line).containsExactly(1, 8, 15);
    }

    @Test
    void readsDocumentsThatStartWithASeparator() {
        String text = "---\n" + named("alpha") + "---\n" + named("beta");

        assertThat(DocumentParser.parse(text))
                .extracting(document -> document.cluster().name())
                .containsExactly("alpha", "beta");
    }

    @Test
    void skipsAnEmptyDocumentBetweenSeparators() {
        String text = named("alpha") + "---\n---\n" + named("beta");

        assertThat(DocumentParser.parse(text))
                .extracting(document -> document.cluster().name())
                .containsExactly("alpha", "beta");
    }

    @Test
    void skipsEmptyDocumentsAtTheStartAndTheEnd() {
        // Generated YAML often ends with a separator, or has a comment-only document first.
        String text = "# clusters for the shop\n---\n" + named("alpha") + "---\n";

        assertThat(DocumentParser.parse(text))
                .extracting(document -> document.cluster().name())
                .containsExactly("alpha");
    }

    @Test
    void readsJson() {
        String json = """
                {"apiVersion": "marina.dev/v1alpha1", "kind": "DatabaseCluster", "metadata": {"name": "orders"},
                 "spec": {"engine": "postgresql", "components": {"postgres": {"replicas": 2,
                   "config": {"max_connections": 200, "checkpoint_completion_target": 0.90}}}}}
                """;

        DatabaseCluster cluster = DocumentParser.parseOne(json);

        assertThat(cluster.name()).isEqualTo("orders");
        assertThat(cluster.spec().components().get("postgres").replicas()).isEqualTo(2);
        assertThat(cluster.spec().components().get("postgres").config())
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("max_connections", "200", "checkpoint_completion_target", "0.90"));
    }

    @Test
    void readsJsonIndentedWithTabs() {
        // Valid JSON (jq --tab, Go's json.MarshalIndent with "\t"); YAML forbids tabs as indentation.
        String json = "{\n\t\"apiVersion\": \"marina.dev/v1alpha1\",\n\t\"kind\": \"DatabaseCluster\",\n"
                + "\t\"metadata\": {\n\t\t\"name\": \"orders\"\n\t},\n\t\"spec\": {\"engine\": \"postgresql\"}\n}\n";

        assertThat(DocumentParser.parseOne(json).name()).isEqualTo("orders");
    }

    @Test
    void configValuesArriveAsTheTextWritten() {
        String text = named("orders") + """
                  components:
                    postgres:
                      config:
                        max_connections: 200
                        fsync: on
                        jit: off
                        hot_standby_feedback: true
                        checkpoint_completion_target: 0.90
                        log_file_mode: 0600
                        vacuum_cost_limit: 1_000
                        shared_buffers: 128MB
                        search_path: '"$user", public'
                """;

        Map<String, String> config = DocumentParser.parseOne(text)
                .spec()
                .components()
                .get("postgres")
                .config();

        assertThat(config)
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "max_connections", "200",
                        "fsync", "on",
                        "jit", "off",
                        "hot_standby_feedback", "true",
                        "checkpoint_completion_target", "0.90",
                        "log_file_mode", "0600",
                        "vacuum_cost_limit", "1_000",
                        "shared_buffers", "128MB",
                        "search_path", "\"$user\", public"));
    }

    @Test
    void parseOneRefusesSeveralDocuments() {
        List<FieldError> errors = refusedOne(named("alpha") + "---\n" + named("beta"));

        assertThat(errors)
                .singleElement()
                .satisfies(error -> assertThat(error.message()).contains("expected one document, found 2"));
    }

    // --- documents that are refused ---

    @Test
    void syntaxErrorNamesTheLine() {
        String text = """
                apiVersion: marina.dev/v1alpha1
                kind: DatabaseCluster
                metadata:
                  name: orders
                spec:
                  engine: postgresql
                   version: "15"
                """;

        assertThat(refused(text)).singleElement().satisfies(error -> {
            assertThat(error.message()).startsWith("YAML syntax error at line 7,");
            assertThat(error.message()).doesNotContain("\n");
        });
    }

    @Test
    void syntaxErrorInALaterDocumentNamesTheLineInTheFile() {
        String text = named("alpha") + "---\n" + named("beta") + "   version: \"15\"\n";

        assertThat(refused(text))
                .singleElement()
                .satisfies(error -> assertThat(error.message()).startsWith("YAML syntax error at line 14,"));
    }

    @Test
    void jsonSyntaxErrorNamesTheLine() {
        String json = """
                {"apiVersion": "marina.dev/v1alpha1",
                 "kind": "DatabaseCluster",
                 "metadata": {"name": "orders"}
                 "spec": {"engine": "postgresql"}}
                """;

        assertThat(refused(json))
                .singleElement()
                .satisfies(error -> assertThat(error.message()).startsWith("JSON syntax error at line 4,"));
    }

    @Test
    void typoInAFieldNamesThePathAndSuggestsTheField() {
        String text = named("orders") + """
                  components:
                    postgres:
                      replcas: 3
                """;

        assertThat(refused(text)).singleElement().satisfies(error -> {
            assertThat(error.path()).isEqualTo("spec.components.postgres.replcas");
            assertThat(error.message()).contains("unknown field 'replcas'").contains("did you mean 'replicas'?");
            assertThat(error.document()).isEqualTo("document 1 (line 1)");
        });
    }

    @Test
    void unknownTopLevelFieldListsTheKnownFields() {
        String text = named("orders") + "owner: shop-team\n";

        assertThat(refused(text)).singleElement().satisfies(error -> {
            assertThat(error.path()).isEqualTo("owner");
            assertThat(error.message())
                    .contains("unknown field 'owner'")
                    .contains("known fields: apiVersion, kind, metadata, spec, status");
        });
    }

    @Test
    void typoInATopLevelFieldSuggestsTheField() {
        String text = "apiVersion: marina.dev/v1alpha1\nkind: DatabaseCluster\nmetdata:\n  name: orders\n";

        assertThat(refused(text)).singleElement().satisfies(error -> {
            assertThat(error.path()).isEqualTo("metdata");
            assertThat(error.message()).contains("did you mean 'metadata'?");
        });
    }

    @Test
    void wordWhereAWholeNumberBelongsIsRefused() {
        String text = named("orders") + """
                  components:
                    postgres:
                      replicas: three
                """;

        assertThat(refused(text)).singleElement().satisfies(error -> {
            assertThat(error.path()).isEqualTo("spec.components.postgres.replicas");
            assertThat(error.message()).contains("whole number").contains("'three'");
        });
    }

    @Test
    void fractionWhereAWholeNumberBelongsIsRefusedNotTruncated() {
        String text = named("orders") + """
                  components:
                    postgres:
                      replicas: 2.5
                """;

        assertThat(refused(text)).singleElement().satisfies(error -> {
            assertThat(error.path()).isEqualTo("spec.components.postgres.replicas");
            assertThat(error.message()).contains("whole number").contains("'2.5'");
        });
    }

    @Test
    void wordWhereTrueOrFalseBelongsIsRefused() {
        String text = named("orders") + "  deletionProtection: maybe\n";

        assertThat(refused(text)).singleElement().satisfies(error -> {
            assertThat(error.path()).isEqualTo("spec.deletionProtection");
            assertThat(error.message()).contains("true or false").contains("'maybe'");
        });
    }

    @Test
    void listWhereAMappingBelongsIsRefused() {
        String text = named("orders") + "  components: [postgres]\n";

        assertThat(refused(text)).singleElement().satisfies(error -> {
            assertThat(error.path()).isEqualTo("spec.components");
            assertThat(error.message()).contains("a mapping of fields");
        });
    }

    @Test
    void emptyValueInsideAMappingNamesWhere() {
        String text = named("orders") + """
                  components:
                    postgres:
                      resources:
                        requests:
                          cpu: ~
                """;

        assertThat(refused(text)).singleElement().satisfies(error -> {
            assertThat(error.path()).isEqualTo("spec.components.postgres.resources");
            assertThat(error.message()).contains("empty value").doesNotContain("Cannot construct");
        });
    }

    @Test
    void conditionWithoutATypeNamesWhere() {
        String text = named("orders") + """
                status:
                  conditions:
                  - status: "True"
                """;

        assertThat(refused(text)).singleElement().satisfies(error -> {
            assertThat(error.path()).isEqualTo("status.conditions[0]");
            assertThat(error.message()).contains("type is null").doesNotContain("dev.marina");
        });
    }

    @Test
    void listWhereTextBelongsIsRefused() {
        String text = named("orders") + """
                  components:
                    postgres:
                      config:
                        shared_preload_libraries: [pg_stat_statements]
                """;

        assertThat(refused(text)).singleElement().satisfies(error -> {
            assertThat(error.path()).isEqualTo("spec.components.postgres.config.shared_preload_libraries");
            assertThat(error.message()).contains("a text value");
        });
    }

    @Test
    void yamlOnlyBooleanWordsAreRefusedWhereTrueOrFalseBelongs() {
        // Config keeps "yes" as written; a boolean field wants true or false, so "yes" is refused, not guessed.
        String text = named("orders") + """
                  availability:
                    synchronous: yes
                """;

        assertThat(refused(text)).singleElement().satisfies(error -> {
            assertThat(error.path()).isEqualTo("spec.availability.synchronous");
            assertThat(error.message()).contains("true or false").contains("'yes'");
        });
    }

    @Test
    void fieldWrittenTwiceIsRefused() {
        String text = named("orders") + """
                  components:
                    postgres:
                      replicas: 3
                      replicas: 5
                """;

        assertThat(refused(text)).singleElement().satisfies(error -> {
            assertThat(error.path()).isEqualTo("spec.components.postgres.replicas");
            assertThat(error.message()).contains("twice").contains("line 10");
        });
    }

    @Test
    void otherKindIsRefused() {
        String text = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n";

        assertThat(refused(text)).singleElement().satisfies(error -> {
            assertThat(error.path()).isEqualTo("kind");
            assertThat(error.message()).contains("unknown kind 'Deployment'").contains("DatabaseCluster");
        });
    }

    @Test
    void missingKindIsRefused() {
        String text = "apiVersion: marina.dev/v1alpha1\nmetadata:\n  name: orders\n";

        assertThat(refused(text)).singleElement().satisfies(error -> {
            assertThat(error.path()).isEqualTo("kind");
            assertThat(error.message()).contains("missing").contains("kind: DatabaseCluster");
        });
    }

    @Test
    void documentThatIsNotAMappingIsRefused() {
        assertThat(refused("- orders\n- invoices\n")).singleElement().satisfies(error -> {
            assertThat(error.document()).isEqualTo("document 1 (line 1)");
            assertThat(error.message()).contains("expected a mapping");
        });
        assertThat(refused("just some words\n"))
                .singleElement()
                .satisfies(error -> assertThat(error.message()).contains("expected a mapping"));
    }

    @Test
    void fileWithoutADocumentIsRefused() {
        assertThat(refused(""))
                .singleElement()
                .satisfies(error -> assertThat(error.message()).contains("no document"));
        assertThat(refused("# nothing yet\n---\n"))
                .singleElement()
                .satisfies(error -> assertThat(error.message()).contains("no document"));
    }

    @Test
    void oneInvalidDocumentRefusesTheWholeFileAndIsNamed() {
        String invalid = named("beta") + """
                  components:
                    postgres:
                      replcas: 3
                """;
        String text = named("alpha") + "---\n" + invalid + "---\n" + named("gamma");

        assertThat(refused(text)).singleElement().satisfies(error -> {
            assertThat(error.document()).isEqualTo("document 2 (line 8)");
            assertThat(error.path()).isEqualTo("spec.components.postgres.replcas");
            assertThat(error.toString()).startsWith("document 2 (line 8): spec.components.postgres.replcas: ");
        });
    }

    @Test
    void documentThatIsNotAMappingAmongOthersIsNamed() {
        String text = named("alpha") + "---\n- beta\n---\n" + named("gamma");

        assertThat(refused(text)).singleElement().satisfies(error -> {
            assertThat(error.document()).isEqualTo("document 2 (line 8)");
            assertThat(error.message()).contains("expected a mapping");
        });
    }

    @Test
    void everyInvalidDocumentIsReported() {
        String text = named("alpha") + "  replicas: 3\n---\n" + named("beta") + "---\n" + "kind: Deployment\n";

        assertThat(refused(text))
                .extracting(FieldError::document)
                .containsExactly("document 1 (line 1)", "document 3 (line 16)");
    }

    // --- helpers ---

    /** A minimal DatabaseCluster of six lines, ending inside {@code spec} so a test can add spec fields. */
    private static String named(String name) {
        return """
                apiVersion: marina.dev/v1alpha1
                kind: DatabaseCluster
                metadata:
                  name: %s
                spec:
                  engine: postgresql
                """.formatted(name);
    }

    private static List<FieldError> refused(String text) {
        try {
            DocumentParser.parse(text);
        } catch (InvalidDocumentException e) {
            return e.errors();
        }
        throw new AssertionError("expected the file to be refused:\n" + text);
    }

    private static List<FieldError> refusedOne(String text) {
        try {
            DocumentParser.parseOne(text);
        } catch (InvalidDocumentException e) {
            return e.errors();
        }
        throw new AssertionError("expected the file to be refused:\n" + text);
    }
}
