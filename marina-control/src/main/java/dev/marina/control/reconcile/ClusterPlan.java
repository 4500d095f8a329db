package dev.marina.control.reconcile;

import java.util.List;
import java.util.Optional;

/**
 * What one pass decided: who the primary is, which replicas a commit waits for, what to do next, and anything wrong
 * that no action can fix (for conditions and events).
 */
public record ClusterPlan(
        Optional<String> primary,
        List<String> synchronousStandbys,
        List<PlannedAction> actions,
        List<String> problems) {

    public ClusterPlan {
        synchronousStandbys = List.copyOf(synchronousStandbys);
        actions = List.copyOf(actions);
        problems = List.copyOf(problems);
    }

    public boolean isSettled() {
        return actions.isEmpty();
    }
}
