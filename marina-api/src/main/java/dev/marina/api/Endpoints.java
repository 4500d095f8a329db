package dev.marina.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * Where clients connect: every address that may take writes, the ones that serve reads only, and the gateways, which
 * route to either (their read-write ports).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Endpoints(List<String> readWrite, List<String> readOnly, List<String> gateway) {

    public Endpoints {
        readWrite = readWrite == null ? List.of() : List.copyOf(readWrite);
        readOnly = readOnly == null ? List.of() : List.copyOf(readOnly);
        gateway = gateway == null ? List.of() : List.copyOf(gateway);
    }

    /** The endpoints of a cluster without gateways. */
    public Endpoints(List<String> readWrite, List<String> readOnly) {
        this(readWrite, readOnly, List.of());
    }
}
