package dev.marina.operator.runtime;

import static java.util.Objects.requireNonNull;

import dev.marina.api.ClusterStatus;
import dev.marina.api.MemberStatus;
import dev.marina.control.store.ClusterStore;
import dev.marina.control.store.StoredCluster;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Optional;
import java.util.Set;

/**
 * Writes {@code marina.dev/role} and {@code marina.dev/epoch} onto a cluster's pods from the status the control core
 * computed, so that the read-write and read-only Services follow the roles. It runs after each pass of the control
 * core, not inside the runtime: the runtime never learns roles (it starts processes and moves files), the core's status
 * does, and names the primary with the epoch it was reported on. A member that is not running or reports no role loses
 * the label, so no Service selects it. Fencing removes the label at once ({@link KubernetesRuntime#fence}), without
 * waiting for the pass to end.
 */
public final class RoleLabels {

    private static final Set<String> ROLES = Set.of(MemberStatus.ROLE_PRIMARY, MemberStatus.ROLE_REPLICA);
    private static final Set<String> SERVING = Set.of(MemberStatus.STATE_RUNNING, MemberStatus.STATE_STREAMING);

    private final RoleLabelWriter labels;
    private final ClusterStore store;

    public RoleLabels(KubernetesClient client, ClusterStore store, String namespace, PodCache cache) {
        this.labels = new RoleLabelWriter(client, namespace, cache);
        this.store = requireNonNull(store, "store is null");
    }

    /** Labels the pods of {@code cluster} as its stored status says; does nothing for a cluster without a status. */
    public void publish(String cluster) {
        requireNonNull(cluster, "cluster is null");
        Optional<ClusterStatus> status =
                store.find(cluster).map(StoredCluster::resource).map(resource -> resource.status());
        if (status.isEmpty() || status.get().members() == null) {
            return;
        }
        for (MemberStatus member : status.get().members()) {
            boolean serves = member.role() != null && ROLES.contains(member.role()) && SERVING.contains(member.state());
            // Only the member the status names primary may carry the primary label, whatever else reports it.
            boolean primaryAsNamed = !MemberStatus.ROLE_PRIMARY.equals(member.role())
                    || member.name().equals(status.get().primary());
            labels.label(
                    member.name(),
                    serves && primaryAsNamed ? Optional.of(member.role()) : Optional.empty(),
                    Optional.ofNullable(member.epoch()));
        }
    }
}
