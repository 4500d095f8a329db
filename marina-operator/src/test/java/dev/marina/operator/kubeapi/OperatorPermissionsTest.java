package dev.marina.operator.kubeapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import org.junit.jupiter.api.Test;

/**
 * What tier 3 installs to run the operator with the chart's permissions, checked here where the mock server stores
 * it (it authorizes nothing): otherwise a mistake in it would show only where kube-api-test's binaries exist.
 */
@EnableKubernetesMockClient(crud = true)
class OperatorPermissionsTest {

    KubernetesClient client;

    @Test
    void theChartsRolesAreBoundToTheOperatorsServiceAccount() {
        OperatorPermissions.Identity identity = OperatorPermissions.install(client);

        assertThat(identity.user()).isEqualTo("system:serviceaccount:marina-system:marina");
        assertThat(identity.groups())
                .containsExactly(
                        "system:serviceaccounts", "system:serviceaccounts:marina-system", "system:authenticated");
        ClusterRole role =
                client.rbac().clusterRoles().withName("marina-operator").get();
        assertThat(role.getRules())
                .anySatisfy(rule -> assertThat(rule.getResources()).contains("databaseclusters"));
        assertThat(client.rbac()
                        .clusterRoleBindings()
                        .withName("marina-operator")
                        .get()
                        .getRoleRef()
                        .getName())
                .isEqualTo("marina-operator");
        assertThat(client.rbac()
                        .roles()
                        .inNamespace("marina-system")
                        .withName("marina-leader-election")
                        .get())
                .as("the leader election's Role, in the release namespace")
                .isNotNull();
        assertThat(client.rbac()
                        .roleBindings()
                        .inNamespace("marina-system")
                        .withName("marina-leader-election")
                        .get())
                .isNotNull();
    }
}
