package dev.marina.cli;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.marina.api.http.ApiError;
import dev.marina.api.validation.FieldError;
import dev.marina.api.yaml.Serialization;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Turns a non-2xx answer of the control plane into the one line (and detail lines) the user sees. */
public final class ApiErrors {

    private ApiErrors() {}

    public static MarinaException toException(int status, String body, Path serverLog) {
        requireNonNull(serverLog, "serverLog is null");
        if (status == 401) {
            return MarinaException.userError("the control plane refused this CLI's token (HTTP 401);"
                    + " if server.json was replaced, restart it with: marina down && marina up");
        }
        Optional<ApiError> error = parse(body);
        String headline = error.map(ApiError::error)
                .filter(text -> !text.isBlank())
                .orElseGet(() -> "the control plane answered HTTP " + status + firstLine(body));
        if (status >= 500) {
            headline = headline + "; see the control plane log: " + serverLog;
        }
        List<String> details = new ArrayList<>();
        List<FieldError> fieldErrors = error.map(ApiError::details).orElse(List.of());
        for (FieldError fieldError : fieldErrors) {
            // A lone detail is often already the headline ("spec.replicas: must be..."); say it once.
            if (fieldErrors.size() == 1 && headline.contains(fieldError.message())) {
                continue;
            }
            details.add(fieldError.toString());
        }
        return new MarinaException(ExitCodes.USER_ERROR, headline, details);
    }

    /** The error body, read leniently: a proxy or a crashing server may answer with anything. */
    static Optional<ApiError> parse(String body) {
        if (body == null || body.isBlank()) {
            return Optional.empty();
        }
        JsonNode tree;
        try {
            tree = Serialization.json().readTree(body);
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
        if (tree == null || !tree.isObject() || !tree.path("error").isTextual()) {
            return Optional.empty();
        }
        List<FieldError> details = new ArrayList<>();
        for (JsonNode detail : tree.path("details")) {
            String message = text(detail, "message");
            if (message != null) {
                String path = text(detail, "path");
                details.add(new FieldError(text(detail, "document"), path == null ? "" : path, message));
            }
        }
        return Optional.of(new ApiError(tree.get("error").asText(), details));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static String firstLine(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        String line = body.strip().lines().findFirst().orElse("");
        return ": " + (line.length() > 200 ? line.substring(0, 200) + "..." : line);
    }
}
