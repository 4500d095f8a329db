package dev.marina.api.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.marina.api.validation.FieldError;
import java.util.List;

/** The body of every non-2xx answer: one line for people, the field errors for scripts. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ApiError(String error, List<FieldError> details) {

    public ApiError {
        details = details == null ? List.of() : List.copyOf(details);
    }

    public static ApiError of(String error) {
        return new ApiError(error, List.of());
    }
}
