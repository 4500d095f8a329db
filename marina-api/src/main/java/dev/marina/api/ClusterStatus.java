package dev.marina.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Optional;

/**
 * What the control plane observed, with conditions in the Kubernetes style. {@code epoch} versions the primary's role
 * (a PostgreSQL timeline): it goes up with every failover, so a client can tell an old primary from the current one.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ClusterStatus(
        String phase,
        Long observedGeneration,
        List<Condition> conditions,
        String primary,
        Long epoch,
        List<MemberStatus> members,
        Endpoints endpoints) {

    public ClusterStatus {
        conditions = conditions == null ? List.of() : List.copyOf(conditions);
        members = members == null ? List.of() : List.copyOf(members);
    }

    public Optional<Condition> condition(String type) {
        return conditions.stream().filter(c -> c.type().equals(type)).findFirst();
    }

    public boolean isReady() {
        return condition(Condition.READY).map(Condition::isTrue).orElse(false);
    }
}
