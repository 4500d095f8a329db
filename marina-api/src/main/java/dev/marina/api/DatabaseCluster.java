package dev.marina.api;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** One deployment of an engine: the desired {@code spec} and the observed {@code status}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"apiVersion", "kind", "metadata", "spec", "status"})
public record DatabaseCluster(
        String apiVersion, String kind, ObjectMeta metadata, ClusterSpec spec, ClusterStatus status) {

    public static final String API_VERSION = "marina.dev/v1alpha1";
    public static final String KIND = "DatabaseCluster";

    public static DatabaseCluster of(ObjectMeta metadata, ClusterSpec spec) {
        return new DatabaseCluster(
                API_VERSION,
                KIND,
                requireNonNull(metadata, "metadata is null"),
                requireNonNull(spec, "spec is null"),
                null);
    }

    public String name() {
        return metadata.name();
    }

    public DatabaseCluster withStatus(ClusterStatus newStatus) {
        return new DatabaseCluster(apiVersion, kind, metadata, spec, newStatus);
    }

    public DatabaseCluster withSpec(ClusterSpec newSpec) {
        return new DatabaseCluster(apiVersion, kind, metadata, newSpec, status);
    }

    public DatabaseCluster withMetadata(ObjectMeta newMetadata) {
        return new DatabaseCluster(apiVersion, kind, newMetadata, spec, status);
    }
}
