package dev.marina.operator.controller;

import dev.marina.operator.crd.ModelSerializationCustomizer;
import dev.marina.operator.kubeapi.KubeApiServerBinaries;
import dev.marina.operator.kubeapi.KubeApiServerExtension;
import dev.marina.operator.kubeapi.OperatorPermissions;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Tier 3: leader election ({@link LeaderElectionScenarios}) on a real kube-apiserver from kube-api-test, a new, empty
 * one per test, with the replicas acting as the operator's ServiceAccount with the chart's permissions: the Operator
 * SDK's review of its Lease rules gets the API server's own answer for the chart's Role, and the Lease is created and
 * renewed under RBAC. Skipped where kube-api-test's binaries are absent ({@link KubeApiServerBinaries}).
 */
class LeaderElectionOnKubeApiServerTest extends LeaderElectionScenarios {

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

    @Override
    KubernetesClient newOperatorClient() {
        return API_SERVER.newClientAs(operatorIdentity.user(), operatorIdentity.groups());
    }

    @Override
    boolean serverSideApply() {
        return true;
    }
}
