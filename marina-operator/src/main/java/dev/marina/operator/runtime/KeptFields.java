package dev.marina.operator.runtime;

import dev.marina.operator.render.ObjectLabels;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * What {@link OwnedObjects} keeps of each object: its name and resourceVersion, the labels that name its cluster
 * and member, the {@code marina.dev/} annotations (the digest of the rendering the operator wrote), a Service's cluster
 * IPs (an update must carry them), and of a ConfigMap's or Secret's data only its {@link DataDigest}, as the one entry
 * {@value #DATA_DIGEST}. Of a pod, for the SDK's event source, its name, resourceVersion and owner references.
 */
final class KeptFields {

    /** The key under which a kept ConfigMap or Secret holds the digest of its data, and nothing else. */
    static final String DATA_DIGEST = "marina.dev/data-digest";

    private static final String ANNOTATION_PREFIX = "marina.dev/";

    private KeptFields() {}

    static Secret secret(Secret secret) {
        return new SecretBuilder()
                .withMetadata(metadata(secret.getMetadata()))
                .withData(Map.of(DATA_DIGEST, DataDigest.of(secret.getData())))
                .build();
    }

    static ConfigMap configMap(ConfigMap config) {
        return new ConfigMapBuilder()
                .withMetadata(metadata(config.getMetadata()))
                .withData(Map.of(DATA_DIGEST, DataDigest.of(config.getData())))
                .build();
    }

    static Service service(Service service) {
        ServiceBuilder kept = new ServiceBuilder().withMetadata(metadata(service.getMetadata()));
        if (service.getSpec() != null) {
            kept.withNewSpec()
                    .withClusterIP(service.getSpec().getClusterIP())
                    .withClusterIPs(service.getSpec().getClusterIPs())
                    .endSpec();
        }
        return kept.build();
    }

    static PodDisruptionBudget budget(PodDisruptionBudget budget) {
        return new PodDisruptionBudgetBuilder()
                .withMetadata(metadata(budget.getMetadata()))
                .build();
    }

    /** A pod's name, resourceVersion and owner references: enough to map it to its cluster. */
    static Pod podOwners(Pod pod) {
        ObjectMeta metadata = pod.getMetadata();
        return new PodBuilder()
                .withNewMetadata()
                .withName(metadata.getName())
                .withNamespace(metadata.getNamespace())
                .withResourceVersion(metadata.getResourceVersion())
                .withOwnerReferences(metadata.getOwnerReferences())
                .endMetadata()
                .build();
    }

    static GenericKubernetesResource generic(GenericKubernetesResource resource) {
        GenericKubernetesResource kept = new GenericKubernetesResource();
        kept.setApiVersion(resource.getApiVersion());
        kept.setKind(resource.getKind());
        kept.setMetadata(metadata(resource.getMetadata()));
        return kept;
    }

    private static ObjectMeta metadata(ObjectMeta metadata) {
        return new ObjectMetaBuilder()
                .withName(metadata.getName())
                .withNamespace(metadata.getNamespace())
                .withResourceVersion(metadata.getResourceVersion())
                .withLabels(kept(
                        metadata.getLabels(),
                        key -> key.equals(ObjectLabels.CLUSTER) || key.equals(ObjectLabels.MEMBER)))
                .withAnnotations(kept(metadata.getAnnotations(), key -> key.startsWith(ANNOTATION_PREFIX)))
                .build();
    }

    private static Map<String, String> kept(Map<String, String> entries, Predicate<String> wanted) {
        if (entries == null) {
            return null;
        }
        Map<String, String> kept = new TreeMap<>();
        entries.forEach((key, value) -> {
            if (wanted.test(key)) {
                kept.put(key, value);
            }
        });
        return kept.isEmpty() ? null : kept;
    }
}
