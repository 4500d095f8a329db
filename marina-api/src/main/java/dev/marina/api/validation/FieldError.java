package dev.marina.api.validation;

import static java.util.Objects.requireNonNull;

/**
 * One thing wrong with a document: where (a field path such as {@code spec.components.postgres.replicas}) and what to
 * do about it.
 */
public record FieldError(String document, String path, String message) {

    public FieldError {
        requireNonNull(path, "path is null");
        requireNonNull(message, "message is null");
    }

    public FieldError inDocument(String newDocument) {
        return new FieldError(newDocument, path, message);
    }

    @Override
    public String toString() {
        String where = path.isEmpty() ? "" : path + ": ";
        return (document == null ? "" : document + ": ") + where + message;
    }
}
