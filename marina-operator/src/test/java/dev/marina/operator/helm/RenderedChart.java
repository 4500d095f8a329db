package dev.marina.operator.helm;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The objects {@code helm template} printed, parsed, with look-ups by kind and name. */
record RenderedChart(List<JsonNode> objects) {

    static final YAMLMapper YAML = new YAMLMapper();

    RenderedChart {
        objects = List.copyOf(objects);
    }

    static RenderedChart parse(String manifests) {
        requireNonNull(manifests, "manifests is null");
        List<JsonNode> objects = new ArrayList<>();
        try (MappingIterator<JsonNode> documents =
                YAML.readerFor(JsonNode.class).readValues(manifests)) {
            while (documents.hasNext()) {
                JsonNode document = documents.next();
                // A template that renders to nothing leaves an empty document.
                if (document != null && document.isObject() && !document.isEmpty()) {
                    objects.add(document);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new RenderedChart(objects);
    }

    List<String> kinds() {
        return objects.stream()
                .map(object -> object.path("kind").asText())
                .sorted()
                .toList();
    }

    List<JsonNode> ofKind(String kind) {
        return objects.stream()
                .filter(object -> object.path("kind").asText().equals(kind))
                .toList();
    }

    Optional<JsonNode> find(String kind, String name) {
        return ofKind(kind).stream()
                .filter(object -> object.path("metadata").path("name").asText().equals(name))
                .findFirst();
    }

    JsonNode get(String kind, String name) {
        return find(kind, name)
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name + " rendered; kinds: " + kinds()));
    }
}
