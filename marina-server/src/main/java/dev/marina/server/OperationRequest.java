package dev.marina.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marina.api.OperationSpec;
import dev.marina.api.validation.FieldError;
import dev.marina.api.validation.InvalidDocumentException;
import dev.marina.api.yaml.Serialization;
import java.io.IOException;

/** The body of a request to create an operation: a whole DatabaseOperation document, or just its spec. */
final class OperationRequest {

    private OperationRequest() {}

    static OperationSpec parse(String body) {
        try {
            JsonNode root = Serialization.json().readTree(body == null ? "" : body);
            if (root == null || !root.isObject()) {
                throw invalid("the body must be a JSON object: a DatabaseOperation or its spec");
            }
            JsonNode spec = root.has("spec") ? root.get("spec") : root;
            return Serialization.json().treeToValue(spec, OperationSpec.class);
        } catch (IOException e) {
            throw invalid("the body is not a valid operation: "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    private static InvalidDocumentException invalid(String message) {
        return new InvalidDocumentException(new FieldError(null, "", message));
    }
}
