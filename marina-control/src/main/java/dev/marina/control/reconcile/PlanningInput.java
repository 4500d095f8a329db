package dev.marina.control.reconcile;

import static java.util.Objects.requireNonNull;

import dev.marina.api.ClusterSpec;
import dev.marina.control.store.Leadership;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything {@link ClusterPlanner} decides from.
 *
 * @param observed every recorded member, as observed in this pass
 * @param leadership who the control plane made primary, with the synchronous standbys and a failover under way
 * @param lastKnownPrimary the primary in the status, for a cluster whose leadership was never recorded
 * @param desiredPlanHashes the hash of each member's plan as rendered now, to detect configuration changes
 * @param initialized whether the engine's one-time cluster setup completed
 */
public record PlanningInput(
        ClusterSpec spec,
        List<MemberObservation> observed,
        Optional<Leadership> leadership,
        Optional<String> lastKnownPrimary,
        Map<String, String> desiredPlanHashes,
        boolean initialized) {

    public PlanningInput {
        requireNonNull(spec, "spec is null");
        observed = List.copyOf(observed);
        requireNonNull(leadership, "leadership is null");
        requireNonNull(lastKnownPrimary, "lastKnownPrimary is null");
        desiredPlanHashes = Map.copyOf(desiredPlanHashes);
    }

    public PlanningInput withHashes(Map<String, String> hashes) {
        return new PlanningInput(spec, observed, leadership, lastKnownPrimary, hashes, initialized);
    }
}
