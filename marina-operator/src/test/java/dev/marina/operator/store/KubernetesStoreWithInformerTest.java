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
 * The Kubernetes store as the operator runs it, reading DatabaseClusters for the control core from an informer ({@link
 * ClusterResources}), against the contract every store passes: a store reads its own writes at once, whatever the
 * informer has seen.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class KubernetesStoreWithInformerTest extends ClusterStoreContract {

    static final String NAMESPACE = "marina-test";

    KubernetesMockServer server;
    KubernetesClient client;

    private final List<KubernetesClient> reopenedClients = new ArrayList<>();
    private final List<ClusterResources> informers = new ArrayList<>();

    @Override
    protected ClusterStore store() {
        TestCustomResourceDefinitions.install(client);
        return new KubernetesStore(client, NAMESPACE, Clock.systemUTC(), started(client));
    }

    @Override
    protected ClusterStore reopen(ClusterStore closed) {
        KubernetesClient restarted = server.createClient();
        reopenedClients.add(restarted);
        return new KubernetesStore(restarted, NAMESPACE, Clock.systemUTC(), started(restarted));
    }

    private ClusterResources started(KubernetesClient owner) {
        ClusterResources resources = ClusterResources.start(owner, NAMESPACE);
        informers.add(resources);
        return resources;
    }

    @AfterEach
    void closeInformersAndReopenedClients() {
        informers.forEach(ClusterResources::close);
        reopenedClients.forEach(KubernetesClient::close);
    }
}
