package dev.marina.operator.topology;

import dev.marina.api.ClusterSpec;
import dev.marina.api.ClusterStatus;
import dev.marina.api.ComponentSpec;
import dev.marina.api.DatabaseCluster;
import dev.marina.api.MemberStatus;
import dev.marina.api.ObjectMeta;
import dev.marina.control.member.Credentials;
import dev.marina.operator.store.KubernetesStore;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Clusters as the leading operator keeps them: the resource with its status, and the gateways' secret, written through
 * the store of their namespace. The tests' feeds read them with clients of their own, as another replica would.
 */
final class StoredTopologies {

    static final String DATA = "postgres";

    private final KubernetesClient client;

    StoredTopologies(KubernetesClient client) {
        this.client = client;
    }

    /** A cluster with a data component (listed first) and gateways, and its gateways' secret. */
    void create(String namespace, String cluster, String gatewaySecret) {
        Map<String, ComponentSpec> components = new LinkedHashMap<>();
        components.put(DATA, new ComponentSpec(2, null, null, null));
        components.put("gateway", new ComponentSpec(1, null, null, null));
        KubernetesStore store = store(namespace);
        store.save(DatabaseCluster.of(
                ObjectMeta.named(cluster), new ClusterSpec("postgresql", "15", components, null, null)));
        store.saveSecret(cluster, Credentials.GATEWAY, gatewaySecret);
    }

    /** Saves the status with {@code primary} as the primary on {@code epoch} and every other member a replica. */
    void roles(String namespace, String cluster, String primary, long epoch, String... replicas) {
        List<MemberStatus> members = new ArrayList<>();
        members.add(member(namespace, cluster, primary, MemberStatus.ROLE_PRIMARY, epoch));
        for (String replica : replicas) {
            members.add(member(namespace, cluster, replica, MemberStatus.ROLE_REPLICA, epoch));
        }
        store(namespace).saveStatus(cluster, new ClusterStatus("Ready", 1L, null, primary, null, members, null));
    }

    /** Deletes the cluster the way a delete without purge does: its secrets stay. */
    void deleteKeepingSecrets(String namespace, String cluster) {
        store(namespace).delete(cluster, false);
    }

    private KubernetesStore store(String namespace) {
        return new KubernetesStore(client, namespace, Clock.systemUTC());
    }

    private static MemberStatus member(String namespace, String cluster, String name, String role, long epoch) {
        boolean primary = MemberStatus.ROLE_PRIMARY.equals(role);
        return new MemberStatus(
                name,
                DATA,
                role,
                epoch,
                primary ? MemberStatus.STATE_RUNNING : MemberStatus.STATE_STREAMING,
                name + "." + cluster + "-members." + namespace + ".svc:5432",
                primary ? 0L : 64L,
                100L,
                null);
    }
}
