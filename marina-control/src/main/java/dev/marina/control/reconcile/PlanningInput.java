package dev.marina.control.reconcile;

import static java.util.Objects.requireNonNull;

import dev.marina.api.ClusterSpec;
import dev.marina.api.ComponentSpec;
import dev.marina.control.store.Leadership;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Everything {@link ClusterPlanner} decides from.
 *
 * @param observed every recorded member of the components that hold data, as observed in this pass
 * @param leadership who the control plane made primary, with the synchronous standbys and a failover under way
 * @param lastKnownPrimary the primary in the status, for a cluster whose leadership was never recorded
 * @param desiredPlanHashes the hash of each member's plan as rendered now, to detect configuration changes
 * @param initialized whether the engine's one-time cluster setup completed
 * @param statelessComponents the components whose members hold no data (a gateway)
 * @param stateless every recorded member of those components, as observed in this pass
 */
public record PlanningInput(
        ClusterSpec spec,
        List<MemberObservation> observed,
        Optional<Leadership> leadership,
        Optional<String> lastKnownPrimary,
        Map<String, String> desiredPlanHashes,
        boolean initialized,
        Set<String> statelessComponents,
        List<MemberObservation> stateless) {

    public PlanningInput {
        requireNonNull(spec, "spec is null");
        observed = List.copyOf(observed);
        requireNonNull(leadership, "leadership is null");
        requireNonNull(lastKnownPrimary, "lastKnownPrimary is null");
        desiredPlanHashes = Map.copyOf(desiredPlanHashes);
        statelessComponents = Set.copyOf(statelessComponents);
        stateless = List.copyOf(stateless);
    }

    /** A cluster whose members all hold data. */
    public PlanningInput(
            ClusterSpec spec,
            List<MemberObservation> observed,
            Optional<Leadership> leadership,
            Optional<String> lastKnownPrimary,
            Map<String, String> desiredPlanHashes,
            boolean initialized) {
        this(spec, observed, leadership, lastKnownPrimary, desiredPlanHashes, initialized, Set.of(), List.of());
    }

    public PlanningInput withHashes(Map<String, String> hashes) {
        return new PlanningInput(
                spec, observed, leadership, lastKnownPrimary, hashes, initialized, statelessComponents, stateless);
    }

    /** The same input without the stateless components: what the data members' planning sees. */
    PlanningInput dataOnly() {
        Map<String, ComponentSpec> components = new LinkedHashMap<>(spec.components());
        components.keySet().removeAll(statelessComponents);
        ClusterSpec dataSpec = new ClusterSpec(
                spec.engine(), spec.version(), components, spec.availability(), spec.deletionProtection());
        return new PlanningInput(dataSpec, observed, leadership, lastKnownPrimary, desiredPlanHashes, initialized);
    }
}
