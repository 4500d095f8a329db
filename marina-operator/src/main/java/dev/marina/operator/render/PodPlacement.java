package dev.marina.operator.render;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraintBuilder;
import java.util.List;

/**
 * Where a member's pod may go: away from its component's other members, on another node and in another zone where
 * the cluster has them. Both are preferences, never requirements: a 3-member cluster must still schedule on a
 * one-node test cluster or in a single zone, where losing the node loses all members anyway and refusing to schedule
 * would only lose availability too.
 */
public final class PodPlacement {

    public static final String NODE = "kubernetes.io/hostname";
    public static final String ZONE = "topology.kubernetes.io/zone";

    private PodPlacement() {}

    public static Affinity affinity(String cluster, String component) {
        return new AffinityBuilder()
                .withNewPodAntiAffinity()
                .addNewPreferredDuringSchedulingIgnoredDuringExecution()
                .withWeight(100)
                .withNewPodAffinityTerm()
                .withLabelSelector(selector(cluster, component))
                .withTopologyKey(NODE)
                .endPodAffinityTerm()
                .endPreferredDuringSchedulingIgnoredDuringExecution()
                .endPodAntiAffinity()
                .build();
    }

    public static List<TopologySpreadConstraint> spread(String cluster, String component) {
        return List.of(new TopologySpreadConstraintBuilder()
                .withMaxSkew(1)
                .withTopologyKey(ZONE)
                .withWhenUnsatisfiable("ScheduleAnyway")
                .withLabelSelector(selector(cluster, component))
                .build());
    }

    private static LabelSelector selector(String cluster, String component) {
        return new LabelSelectorBuilder()
                .withMatchLabels(ObjectLabels.componentSelector(cluster, component))
                .build();
    }
}
