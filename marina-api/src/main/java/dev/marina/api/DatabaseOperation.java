package dev.marina.api;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * A day-2 action on one cluster (switchover, restart, rebuild, decommission, scale, rolling update), with the desired
 * {@code spec} and the observed {@code status} like a cluster. Its name is its id: {@code <cluster>-<type>-<n>}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"apiVersion", "kind", "metadata", "spec", "status"})
public record DatabaseOperation(
        String apiVersion, String kind, ObjectMeta metadata, OperationSpec spec, OperationStatus status) {

    public static final String KIND = "DatabaseOperation";

    public static DatabaseOperation of(ObjectMeta metadata, OperationSpec spec, OperationStatus status) {
        return new DatabaseOperation(
                DatabaseCluster.API_VERSION,
                KIND,
                requireNonNull(metadata, "metadata is null"),
                requireNonNull(spec, "spec is null"),
                status);
    }

    public String name() {
        return metadata.name();
    }

    public DatabaseOperation withStatus(OperationStatus newStatus) {
        return new DatabaseOperation(apiVersion, kind, metadata, spec, newStatus);
    }
}
