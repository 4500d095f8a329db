package dev.marina.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** Where clients connect: every address that may take writes, and the ones that serve reads only. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Endpoints(List<String> readWrite, List<String> readOnly) {

    public Endpoints {
        readWrite = readWrite == null ? List.of() : List.copyOf(readWrite);
        readOnly = readOnly == null ? List.of() : List.copyOf(readOnly);
    }
}
