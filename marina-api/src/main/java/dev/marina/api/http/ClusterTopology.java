package dev.marina.api.http;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The topology feed a gateway routes by: every data member with its engine-reported role, the epoch that versions the
 * role, and how far behind it is. {@code version} changes whenever anything here changes, so a gateway can long-poll
 * {@code GET /api/v1/clusters/{name}/topology?after=<version>} and hear of a new primary at once.
 *
 * @param cluster the cluster's name
 * @param version an opaque token of this content
 * @param members the data members, primary first
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ClusterTopology(String cluster, String version, List<Member> members) {

    public ClusterTopology {
        requireNonNull(cluster, "cluster is null");
        members = members == null ? List.of() : List.copyOf(members);
    }

    /**
     * @param name the member's name
     * @param role {@code primary} or {@code replica} (as the engine reports it), null while unknown
     * @param epoch the role's version (a PostgreSQL timeline)
     * @param state the member's state ({@code running}, {@code streaming}, {@code starting}, {@code failed}, ...)
     * @param host where clients reach it
     * @param port its client port
     * @param lagBytes how far its replay is behind the primary, null when unknown or a primary
     * @param lagSeconds how old the last change it applied is while it has more to apply (whole seconds; 0 when it
     *     applied all it received), null when unknown or a primary
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Member(
            String name,
            String role,
            Long epoch,
            String state,
            String host,
            int port,
            Long lagBytes,
            Long lagSeconds) {}
}
