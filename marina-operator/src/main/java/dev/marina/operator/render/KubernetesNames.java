package dev.marina.operator.render;

import dev.marina.api.DatabaseCluster;
import dev.marina.api.validation.FieldError;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What Kubernetes asks of names beyond Marina's own rules: a Service name must start with a letter (RFC 1035), and a
 * cluster's Services are named after it, so a cluster name such as {@code 1shop}, valid for the local runtime, cannot
 * run on Kubernetes.
 */
public final class KubernetesNames {

    private static final Pattern NAMESPACE = Pattern.compile("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$");

    private KubernetesNames() {}

    public static Optional<FieldError> checkCluster(DatabaseCluster cluster) {
        String name = cluster.name();
        if (name != null && !name.isEmpty() && !Character.isLetter(name.charAt(0))) {
            return Optional.of(new FieldError(
                    null,
                    "metadata.name",
                    "'" + name
                            + "' must start with a letter on Kubernetes, where the cluster's Services are named after"
                            + " it; rename the cluster"));
        }
        return Optional.empty();
    }

    public static boolean isNamespace(String namespace) {
        return namespace != null && NAMESPACE.matcher(namespace).matches();
    }
}
