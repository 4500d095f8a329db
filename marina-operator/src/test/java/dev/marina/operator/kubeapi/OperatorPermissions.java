package dev.marina.operator.kubeapi;

import static java.util.Objects.requireNonNull;

import com.marcnuri.helm.Helm;
import dev.marina.operator.RepositoryRoot;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/**
 * The operator's permissions as the Helm chart grants them (deploy/helm/marina with its default values: every
 * namespace), installed on a real API server, so that an operator of the tier-3 tests acts as its ServiceAccount does
 * in a cluster rather than as an administrator: a call the chart does not allow fails there as in production. The
 * mock server authorizes everything, so only a real API server can find a missing rule.
 */
public final class OperatorPermissions {

    private static final String RELEASE = "marina";
    private static final String RELEASE_NAMESPACE = "marina-system";
    // helm template assumes Kubernetes 1.20 unless told; the chart asks for a newer one.
    private static final String KUBERNETES_VERSION = "1.31.0";

    private static final Set<String> PERMISSION_KINDS =
            Set.of("ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding");

    private static String manifests;

    private OperatorPermissions() {}

    /** The user and groups a client impersonates to act as a ServiceAccount. */
    public record Identity(String user, List<String> groups) {

        public Identity {
            requireNonNull(user, "user is null");
            groups = List.copyOf(groups);
        }

        static Identity of(Subject serviceAccount) {
            String namespace = serviceAccount.getNamespace();
            return new Identity(
                    "system:serviceaccount:" + namespace + ":" + serviceAccount.getName(),
                    List.of("system:serviceaccounts", "system:serviceaccounts:" + namespace, "system:authenticated"));
        }
    }

    /**
     * Creates the chart's roles and bindings with {@code administrator}: the ClusterRole for every namespace, and the
     * Role for the leader-election Lease in the release namespace (created when missing, as {@code helm install
     * --create-namespace} does).
     *
     * @return the ServiceAccount the chart binds them to
     */
    public static Identity install(KubernetesClient administrator) {
        List<HasMetadata> objects = administrator
                .load(new ByteArrayInputStream(manifests().getBytes(StandardCharsets.UTF_8)))
                .items();
        if (administrator.namespaces().withName(RELEASE_NAMESPACE).get() == null) {
            administrator
                    .namespaces()
                    .resource(new NamespaceBuilder()
                            .withNewMetadata()
                            .withName(RELEASE_NAMESPACE)
                            .endMetadata()
                            .build())
                    .create();
        }
        Identity identity = null;
        for (HasMetadata object : objects) {
            if (PERMISSION_KINDS.contains(object.getKind())) {
                administrator.resource(object).create();
            }
            if (object instanceof ClusterRoleBinding binding) {
                identity = Identity.of(binding.getSubjects().get(0));
            }
        }
        if (identity == null) {
            throw new IllegalStateException("the chart rendered no ClusterRoleBinding for the operator");
        }
        return identity;
    }

    /** Rendered once per test run: Helm runs in process, and its first call takes seconds. */
    private static synchronized String manifests() {
        if (manifests == null) {
            manifests = new Helm(RepositoryRoot.find().resolve("deploy/helm/marina"))
                    .template()
                    .withName(RELEASE)
                    .withNamespace(RELEASE_NAMESPACE)
                    .withKubeVersion(KUBERNETES_VERSION)
                    .call();
        }
        return manifests;
    }
}
