package dev.marina.api.yaml;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.marina.api.DatabaseCluster;
import dev.marina.api.validation.FieldError;
import dev.marina.api.validation.InvalidDocumentException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Reads one or more YAML (or JSON) documents into resources. Every document is read before any is returned, so a
 * file with one bad document is refused as a whole.
 */
public final class DocumentParser {

    private DocumentParser() {}

    /** A resource read from a file, with where it started so errors can point at it. */
    public record ParsedDocument(int index, int line, DatabaseCluster cluster) {

        public String label() {
            String name = cluster.metadata() == null ? null : cluster.metadata().name();
            return "document " + index + (name == null ? "" : " (" + name + ")");
        }
    }

    public static List<ParsedDocument> parse(String text) {
        List<Node> nodes = readTrees(text);
        List<ParsedDocument> documents = new ArrayList<>();
        List<FieldError> errors = new ArrayList<>();
        for (Node node : nodes) {
            String label = "document " + node.index() + " (line " + node.line() + ")";
            try {
                documents.add(new ParsedDocument(node.index(), node.line(), bind(node.tree())));
            } catch (InvalidDocumentException e) {
                e.errors().forEach(error -> errors.add(error.inDocument(label)));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidDocumentException(errors);
        }
        if (documents.isEmpty()) {
            throw new InvalidDocumentException(
                    new FieldError(null, "", "the file holds no document; write a DatabaseCluster in YAML"));
        }
        return List.copyOf(documents);
    }

    /** Reads a single document that must be a DatabaseCluster. */
    public static DatabaseCluster parseOne(String text) {
        List<ParsedDocument> documents = parse(text);
        if (documents.size() != 1) {
            throw new InvalidDocumentException(
                    new FieldError(null, "", "expected one document, found " + documents.size()));
        }
        return documents.get(0).cluster();
    }

    private record Node(int index, int line, JsonNode tree) {}

    private static List<Node> readTrees(String text) {
        List<Node> nodes = new ArrayList<>();
        // JSON is read as JSON: YAML forbids tabs as indentation, so valid JSON indented with tabs would be refused.
        // Like kubectl, a document that starts with '{' is taken to be JSON.
        boolean json = text.stripLeading().startsWith("{");
        String format = json ? "JSON" : "YAML";
        JsonFactory factory = (json ? Serialization.json() : Serialization.yaml()).getFactory();
        try (JsonParser parser = factory.createParser(text)) {
            int index = 0;
            while (true) {
                JsonToken token = parser.nextToken();
                if (token == null) {
                    break;
                }
                int line = parser.currentTokenLocation().getLineNr();
                index++;
                JsonNode tree = readNode(parser, "document " + index + " (line " + line + ")", "");
                // An empty document ("---\n---", a trailing "---", only comments) is not an error, just nothing. YAML
                // reads it as an empty plain scalar, not as null.
                if (tree == null || tree.isNull() || tree.isMissingNode() || isEmptyText(tree)) {
                    continue;
                }
                if (!tree.isObject()) {
                    throw new InvalidDocumentException(new FieldError(
                            "document " + index + " (line " + line + ")",
                            "",
                            "expected a mapping with apiVersion, kind, metadata and spec"));
                }
                nodes.add(new Node(index, line, tree));
            }
        } catch (JsonProcessingException e) {
            throw new InvalidDocumentException(new FieldError(null, "", syntaxMessage(format, e)));
        } catch (IOException e) {
            throw new InvalidDocumentException(
                    new FieldError(null, "", "could not read the document: " + e.getMessage()));
        }
        return nodes;
    }

    /**
     * Reads the value at the parser's current token as a tree whose scalars keep the text written in the file. Config
     * values are engine-native text: a tree of YAML numbers and booleans would hand the engine "true" for {@code on},
     * "0.9" for {@code 0.90} and "8" for {@code 010}. Typed fields still get numbers and booleans, because binding
     * converts text to the field's type, and refuses {@code 2.5} for a whole number instead of truncating it.
     */
    private static JsonNode readNode(JsonParser parser, String document, String path) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.START_OBJECT) {
            ObjectNode object = JsonNodeFactory.instance.objectNode();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                String fieldPath = path.isEmpty() ? name : path + "." + name;
                int line = parser.currentTokenLocation().getLineNr();
                parser.nextToken();
                if (object.has(name)) {
                    throw new InvalidDocumentException(new FieldError(
                            document, fieldPath, "is written twice (again at line " + line + "); keep one"));
                }
                object.set(name, readNode(parser, document, fieldPath));
            }
            return object;
        }
        if (token == JsonToken.START_ARRAY) {
            ArrayNode array = JsonNodeFactory.instance.arrayNode();
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                array.add(readNode(parser, document, path + "[" + array.size() + "]"));
            }
            return array;
        }
        if (token == JsonToken.VALUE_NULL) {
            return NullNode.getInstance();
        }
        return TextNode.valueOf(parser.getText());
    }

    private static boolean isEmptyText(JsonNode tree) {
        return tree.isTextual() && tree.asText().isEmpty();
    }

    private static String syntaxMessage(String format, JsonProcessingException e) {
        JsonLocation location = e.getLocation();
        String original = e.getOriginalMessage() == null ? "invalid syntax" : e.getOriginalMessage();
        // SnakeYAML's own message repeats the location and quotes the source; keep its first line only.
        String firstLine = original.lines().findFirst().orElse(original).trim();
        if (location == null || location.getLineNr() < 1) {
            return format + " syntax error: " + firstLine;
        }
        return format + " syntax error at line " + location.getLineNr() + ", column " + location.getColumnNr() + ": "
                + firstLine;
    }

    private static DatabaseCluster bind(JsonNode tree) {
        JsonNode kind = tree.get("kind");
        if (kind == null || !kind.isTextual()) {
            throw new InvalidDocumentException(new FieldError(null, "kind", "missing; set kind: DatabaseCluster"));
        }
        if (!DatabaseCluster.KIND.equals(kind.asText())) {
            throw new InvalidDocumentException(new FieldError(
                    null,
                    "kind",
                    "unknown kind '" + kind.asText() + "'; this file can hold DatabaseCluster documents"));
        }
        try {
            return Serialization.yaml().treeToValue(tree, DatabaseCluster.class);
        } catch (UnrecognizedPropertyException e) {
            String path = path(e);
            String field = e.getPropertyName();
            String suggestion = closest(field, e.getKnownPropertyIds())
                    .map(known -> "; did you mean '" + known + "'?")
                    .orElse("; known fields: " + known(e.getKnownPropertyIds()));
            throw new InvalidDocumentException(
                    new FieldError(null, path, "unknown field '" + field + "'" + suggestion));
        } catch (InvalidFormatException e) {
            throw new InvalidDocumentException(new FieldError(
                    null, path(e), "expected " + describe(e.getTargetType()) + ", got '" + e.getValue() + "'"));
        } catch (MismatchedInputException e) {
            throw new InvalidDocumentException(
                    new FieldError(null, path(e), "expected " + describe(e.getTargetType())));
        } catch (ValueInstantiationException e) {
            // A record refused what it was given, mostly a null inside (cpu: ~, a condition without a type); Jackson's
            // own message names a Java class, not the field.
            Throwable cause = e.getCause();
            String reason = cause == null || cause.getMessage() == null ? "" : " (" + cause.getMessage() + ")";
            throw new InvalidDocumentException(new FieldError(
                    null,
                    path(e),
                    "holds an empty value (~ or null)" + reason + "; give every field and entry a value or remove it"));
        } catch (JsonMappingException e) {
            throw new InvalidDocumentException(new FieldError(null, path(e), e.getOriginalMessage()));
        } catch (JsonProcessingException e) {
            throw new InvalidDocumentException(new FieldError(null, "", e.getOriginalMessage()));
        }
    }

    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String describe(Class<?> type) {
        if (type == null) {
            return "a different value";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "a whole number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a text value";
        }
        if (java.util.Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "a mapping of fields";
        }
        if (Collection.class.isAssignableFrom(type)) {
            return "a list";
        }
        return "a " + type.getSimpleName();
    }

    private static String known(Collection<Object> known) {
        return known.stream().map(String::valueOf).sorted().collect(Collectors.joining(", "));
    }

    private static java.util.Optional<String> closest(String field, Collection<Object> known) {
        return known.stream()
                .map(String::valueOf)
                .filter(candidate -> EditDistance.between(field.toLowerCase(), candidate.toLowerCase()) <= 2)
                .min(Comparator.comparingInt(candidate -> EditDistance.between(field, candidate)));
    }
}
