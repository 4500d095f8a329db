package dev.marina.operator.render;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesListBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;

/** Rendered objects as text: YAML documents, one per object, or one JSON {@code List} as kubectl prints. */
public final class ObjectsText {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final ObjectMapper PRETTY = new ObjectMapper();

    /**
     * fabric8's own YAML quotes every string and folds long lines; this one quotes only what YAML would read as
     * something else (numbers and booleans stay strings), writes multi-line values as literal blocks, and never
     * folds, so a golden file reads like the configuration files it holds.
     */
    private static final ObjectMapper YAML = new YAMLMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
            .build());

    private ObjectsText() {}

    /** One YAML document per object, each starting with {@code ---}, after {@code comments} (one line each). */
    public static String yaml(List<HasMetadata> objects, List<String> comments) {
        requireNonNull(objects, "objects is null");
        StringBuilder text = new StringBuilder();
        comments.forEach(comment -> text.append("# ").append(comment).append('\n'));
        for (HasMetadata object : objects) {
            text.append("---\n").append(yaml(object));
        }
        return text.toString();
    }

    private static String yaml(HasMetadata object) {
        // Through fabric8's mapper first, which knows how its model is written (quantities, int-or-string).
        try {
            JsonNode tree = PRETTY.readTree(SERIALIZATION.asJson(object));
            return YAML.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + object.getKind() + " as YAML: " + e.getMessage(), e);
        }
    }

    public static String json(List<HasMetadata> objects) {
        requireNonNull(objects, "objects is null");
        String compact = SERIALIZATION.asJson(
                new KubernetesListBuilder().withItems(objects).build());
        try {
            // Indented for people; kept in the order fabric8 wrote it, which is kubectl's.
            return PRETTY.writerWithDefaultPrettyPrinter().writeValueAsString(PRETTY.readTree(compact)) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot indent the rendered JSON: " + e.getMessage(), e);
        }
    }
}
