package dev.marina.operator.agent;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.marina.api.yaml.Serialization;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a request's JSON field by field, so that a bad request is refused with the path of the field at fault
 * ({@code member.identity.ordinal: must be a whole number}). Jackson's own messages quote the input, and a request
 * carries passwords: none of them reaches an answer or a log.
 */
final class JsonFields {

    private JsonFields() {}

    static JsonNode parse(byte[] body) {
        if (body.length == 0) {
            throw RequestRefused.badRequest("the request has no body; it must be a JSON object");
        }
        try {
            JsonNode node = Serialization.json().readTree(body);
            if (node == null || !node.isObject()) {
                throw RequestRefused.badRequest("the body must be a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            JsonLocation location = e.getLocation();
            throw RequestRefused.badRequest("the body is not JSON"
                    + (location == null
                            ? ""
                            : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")"));
        } catch (java.io.IOException e) {
            throw RequestRefused.badRequest("the body cannot be read");
        }
    }

    static JsonNode object(JsonNode parent, String path) {
        JsonNode node = required(parent, path);
        if (!node.isObject()) {
            throw invalid(path, "must be an object");
        }
        return node;
    }

    static String text(JsonNode parent, String path) {
        JsonNode node = required(parent, path);
        if (!node.isTextual()) {
            throw invalid(path, "must be a string");
        }
        return node.textValue();
    }

    static int integer(JsonNode parent, String path) {
        JsonNode node = required(parent, path);
        if (!node.isInt()) {
            throw invalid(path, "must be a whole number");
        }
        return node.intValue();
    }

    static boolean bool(JsonNode parent, String path) {
        JsonNode node = required(parent, path);
        if (!node.isBoolean()) {
            throw invalid(path, "must be true or false");
        }
        return node.booleanValue();
    }

    static List<String> texts(JsonNode parent, String path) {
        JsonNode node = required(parent, path);
        if (!node.isArray()) {
            throw invalid(path, "must be an array of strings");
        }
        List<String> values = new ArrayList<>();
        for (int index = 0; index < node.size(); index++) {
            JsonNode element = node.get(index);
            if (!element.isTextual()) {
                throw invalid(path + "[" + index + "]", "must be a string");
            }
            values.add(element.textValue());
        }
        return values;
    }

    /** An object's fields in the order they were written. */
    static Map<String, JsonNode> fields(JsonNode parent, String path) {
        JsonNode node = object(parent, path);
        Map<String, JsonNode> fields = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> iterator = node.fields(); iterator.hasNext(); ) {
            Map.Entry<String, JsonNode> field = iterator.next();
            fields.put(field.getKey(), field.getValue());
        }
        return fields;
    }

    static Map<String, String> textMap(JsonNode parent, String path) {
        Map<String, String> values = new LinkedHashMap<>();
        fields(parent, path).forEach((name, value) -> {
            if (!value.isTextual()) {
                throw invalid(path + "." + name, "must be a string");
            }
            values.put(name, value.textValue());
        });
        return values;
    }

    static boolean has(JsonNode parent, String path) {
        JsonNode node = parent.get(last(path));
        return node != null && !node.isNull();
    }

    static RequestRefused invalid(String path, String problem) {
        return RequestRefused.badRequest(path + ": " + problem);
    }

    private static JsonNode required(JsonNode parent, String path) {
        JsonNode node = parent.get(last(path));
        if (node == null || node.isNull()) {
            throw invalid(path, "missing");
        }
        return node;
    }

    /** Fields are looked up in their parent by the last part of their path. */
    private static String last(String path) {
        return path.substring(path.lastIndexOf('.') + 1);
    }
}
