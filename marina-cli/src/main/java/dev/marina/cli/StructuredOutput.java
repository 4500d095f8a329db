package dev.marina.cli;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.marina.api.yaml.Serialization;

/** Prints {@code -o json} and {@code -o yaml}. */
public final class StructuredOutput {

    private StructuredOutput() {}

    /**
     * The server's JSON, re-indented but otherwise as sent: it goes through a tree, not the model, so fields this CLI
     * does not know survive.
     */
    public static String fromServerJson(String json, OutputFormat format) {
        requireNonNull(json, "json is null");
        JsonNode tree;
        try {
            tree = Serialization.json().readTree(json);
        } catch (JsonProcessingException e) {
            throw MarinaException.userError("the control plane answered something that is not JSON ("
                    + e.getOriginalMessage() + "); make sure marina and the control plane are the same version");
        }
        return of(tree, format);
    }

    public static String of(Object value, OutputFormat format) {
        requireNonNull(value, "value is null");
        return switch (requireNonNull(format, "format is null")) {
            case JSON -> Serialization.toPrettyJson(value);
            case YAML -> Serialization.toYaml(value);
            case TABLE -> throw new IllegalArgumentException("a table is not structured output");
        };
    }
}
