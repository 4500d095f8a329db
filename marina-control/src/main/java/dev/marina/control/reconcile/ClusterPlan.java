package dev.marina.control.reconcile;

import static java.util.Objects.requireNonNull;

import dev.marina.control.store.Leadership;
import java.util.List;
import java.util.Optional;

/**
 * What one pass decided: who the primary is, which replicas a commit waits for, what to do next, anything wrong that
 * no action can fix (for conditions and events), the leadership to record once the actions are done, and why a
 * failed primary is not replaced, when it is not.
 */
public record ClusterPlan(
        Optional<String> primary,
        List<String> synchronousStandbys,
        List<PlannedAction> actions,
        List<String> problems,
        Optional<Leadership> leadership,
        Optional<String> failoverRefused) {

    public ClusterPlan {
        requireNonNull(primary, "primary is null");
        synchronousStandbys = List.copyOf(synchronousStandbys);
        actions = List.copyOf(actions);
        problems = List.copyOf(problems);
        requireNonNull(leadership, "leadership is null");
        requireNonNull(failoverRefused, "failoverRefused is null");
    }

    public ClusterPlan(
            Optional<String> primary,
            List<String> synchronousStandbys,
            List<PlannedAction> actions,
            List<String> problems,
            Optional<Leadership> leadership) {
        this(primary, synchronousStandbys, actions, problems, leadership, Optional.empty());
    }

    /** A plan that records no leadership. */
    public ClusterPlan(
            Optional<String> primary,
            List<String> synchronousStandbys,
            List<PlannedAction> actions,
            List<String> problems) {
        this(primary, synchronousStandbys, actions, problems, Optional.empty(), Optional.empty());
    }

    /** This plan with {@code more} actions after its own. */
    public ClusterPlan withActions(List<PlannedAction> more) {
        List<PlannedAction> all = new java.util.ArrayList<>(actions);
        all.addAll(more);
        return new ClusterPlan(primary, synchronousStandbys, all, problems, leadership, failoverRefused);
    }

    public boolean isSettled() {
        return actions.isEmpty();
    }

    /** Whether this plan replaces or settles the primary, which a pass does alone before anything else. */
    public boolean changesLeadership() {
        return actions.stream()
                .anyMatch(action ->
                        action instanceof PlannedAction.Failover || action instanceof PlannedAction.AbandonFailover);
    }
}
