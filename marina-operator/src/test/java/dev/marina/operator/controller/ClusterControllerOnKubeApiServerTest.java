package dev.marina.operator.controller;

import dev.marina.operator.crd.ModelSerializationCustomizer;
import dev.marina.operator.kubeapi.KubeApiServerBinaries;
import dev.marina.operator.kubeapi.KubeApiServerExtension;
import dev.marina.operator.kubeapi.OperatorPermissions;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Tier 3: the operator's scenarios ({@link ClusterControllerScenarios}) against a real kube-apiserver and etcd from
 * fabric8's kube-api-test, a new, empty pair per test, with server-side apply as in production. Here the API server's
 * own rules apply: CRD schemas with their CEL rules, pruning of unknown fields, the status subresource,
 * metadata.generation, resourceVersion conflicts, validation of every Pod, Service, Secret and Event the operator
 * writes, and authorization: the operator acts as its ServiceAccount with the chart's permissions
 * ({@link OperatorPermissions}), not as an administrator. Skipped where kube-api-test's binaries are absent ({@link KubeApiServerBinaries} says where they go).
 */
class ClusterControllerOnKubeApiServerTest extends ClusterControllerScenarios {

    @RegisterExtension
    static final KubeApiServerExtension API_SERVER = new KubeApiServerExtension(new ModelSerializationCustomizer());

    private OperatorPermissions.Identity operatorIdentity;

    @BeforeEach
    void grantTheOperatorThePermissionsOfTheChart() {
        operatorIdentity = OperatorPermissions.install(client());
    }

    @Override
    KubernetesClient client() {
        return API_SERVER.client();
    }

    /** A client that acts as the operator's ServiceAccount, with the chart's permissions and no more. */
    @Override
    KubernetesClient newOperatorClient() {
        return API_SERVER.newClientAs(operatorIdentity.user(), operatorIdentity.groups());
    }

    @Override
    boolean serverSideApply() {
        return true;
    }
}
