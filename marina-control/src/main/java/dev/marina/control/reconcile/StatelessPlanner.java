package dev.marina.control.reconcile;

import dev.marina.api.ComponentSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Plans the members of components that hold no data (a gateway): as many as the spec asks for, each running with its
 * current plan. They are never cloned, promoted or counted for replication; a new one simply starts, and a surplus one
 * (the newest) is removed. Pure, like {@link ClusterPlanner}.
 */
final class StatelessPlanner {

    private StatelessPlanner() {}

    static List<PlannedAction> actions(PlanningInput input) {
        List<PlannedAction> actions = new ArrayList<>();
        for (Map.Entry<String, ComponentSpec> component :
                input.spec().components().entrySet()) {
            if (!input.statelessComponents().contains(component.getKey())) {
                continue;
            }
            List<MemberObservation> members = input.stateless().stream()
                    .filter(member -> member.record().identity().component().equals(component.getKey()))
                    .filter(member -> !member.record().leaving())
                    // The oldest stay: their ports are the ones clients know.
                    .sorted(Comparator.comparing(member -> member.record().identity()))
                    .toList();
            int wanted = component.getValue().replicasOrDefault(1);
            List<MemberObservation> kept = members.subList(0, Math.min(wanted, members.size()));
            members.subList(kept.size(), members.size())
                    .forEach(member -> actions.add(new PlannedAction.Remove(member.name())));
            for (int missing = wanted - kept.size(); missing > 0; missing--) {
                actions.add(new PlannedAction.AddMember(component.getKey()));
            }
            for (MemberObservation member : kept) {
                ClusterPlanner.keepRunning(member, input.desiredPlanHashes()).ifPresent(actions::add);
            }
        }
        // Members of a component the spec no longer lists go too.
        input.stateless().stream()
                .filter(member -> !input.spec()
                        .components()
                        .containsKey(member.record().identity().component()))
                .forEach(member -> actions.add(new PlannedAction.Remove(member.name())));
        return actions;
    }
}
