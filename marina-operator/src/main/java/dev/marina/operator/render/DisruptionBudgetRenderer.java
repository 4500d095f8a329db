package dev.marina.operator.render;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import java.util.List;

/**
 * One PodDisruptionBudget per component: a node drain evicts at most one member of it at a time, so a drain never
 * takes a primary and its only in-sync standby together, and a gateway component keeps routing. maxUnavailable rather
 * than minAvailable: the budget stays right as replicas change, and a one-member component can still be drained.
 */
public final class DisruptionBudgetRenderer {

    private DisruptionBudgetRenderer() {}

    public static PodDisruptionBudget budget(
            String engine, String cluster, String component, String namespace, List<OwnerReference> owner) {
        return new PodDisruptionBudgetBuilder()
                .withNewMetadata()
                .withName(ObjectNames.component(cluster, component))
                .withNamespace(namespace)
                .withLabels(ObjectLabels.component(engine, cluster, component))
                .withOwnerReferences(owner)
                .endMetadata()
                .withNewSpec()
                .withMaxUnavailable(new IntOrString(1))
                .withNewSelector()
                .withMatchLabels(ObjectLabels.componentSelector(cluster, component))
                .endSelector()
                .endSpec()
                .build();
    }
}
