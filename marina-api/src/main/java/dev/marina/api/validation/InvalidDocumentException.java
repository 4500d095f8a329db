package dev.marina.api.validation;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown when a document cannot be accepted; carries every error found, each naming its field. */
public final class InvalidDocumentException extends RuntimeException {

    private final List<FieldError> errors;

    public InvalidDocumentException(List<FieldError> errors) {
        super(errors.stream().map(FieldError::toString).collect(Collectors.joining("; ")));
        this.errors = List.copyOf(errors);
    }

    public InvalidDocumentException(FieldError error) {
        this(List.of(error));
    }

    public List<FieldError> errors() {
        return errors;
    }
}
