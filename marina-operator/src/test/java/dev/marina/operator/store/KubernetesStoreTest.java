package dev.marina.operator.store;

import dev.marina.control.store.ClusterStore;
import dev.marina.testkit.ClusterStoreContract;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/**
 * The Kubernetes store against the contract every store passes, on the fabric8 mock API server in CRUD mode (a new,
 * empty server per test). A reopened store is a new store with a new client over the same server: what a restarted
 * operator finds.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class KubernetesStoreTest extends ClusterStoreContract {

    static final String NAMESPACE = "marina-test";

    KubernetesMockServer server;
    KubernetesClient client;

    private final List<KubernetesClient> reopenedClients = new ArrayList<>();

    @Override
    protected ClusterStore store() {
        TestCustomResourceDefinitions.install(client);
        return new KubernetesStore(client, NAMESPACE, Clock.systemUTC());
    }

    @Override
    protected ClusterStore reopen(ClusterStore closed) {
        KubernetesClient restarted = server.createClient();
        reopenedClients.add(restarted);
        return new KubernetesStore(restarted, NAMESPACE, Clock.systemUTC());
    }

    @AfterEach
    void closeReopenedClients() {
        reopenedClients.forEach(KubernetesClient::close);
    }
}
