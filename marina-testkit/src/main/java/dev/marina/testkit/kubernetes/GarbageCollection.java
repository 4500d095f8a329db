package dev.marina.testkit.kubernetes;

import static java.util.Objects.requireNonNull;

import io.fabric8.kubernetes.api.Pluralize;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Kubernetes' garbage collector in background mode: an object of the watched kinds whose owners (by uid, as the real
 * collector compares them) are all gone is deleted. Owners are looked up by their apiVersion, kind and name in the
 * object's namespace, with the plural fabric8 derives from the kind; an owner of the same name but another uid (deleted
 * and created again) counts as gone. Objects without owner references are never touched, which is what keeps a
 * cluster's volumes.
 */
public final class GarbageCollection implements MockController {

    private final KubernetesClient client;
    private final List<Function<KubernetesClient, List<? extends HasMetadata>>> kinds;

    /** Collects pods, claims, Services, ConfigMaps, Secrets and PodDisruptionBudgets. */
    public GarbageCollection(KubernetesClient client) {
        this.client = requireNonNull(client, "client is null");
        this.kinds = List.of(
                api -> api.pods().inAnyNamespace().list().getItems(),
                api -> api.persistentVolumeClaims().inAnyNamespace().list().getItems(),
                api -> api.services().inAnyNamespace().list().getItems(),
                api -> api.configMaps().inAnyNamespace().list().getItems(),
                api -> api.secrets().inAnyNamespace().list().getItems(),
                api -> api.policy()
                        .v1()
                        .podDisruptionBudget()
                        .inAnyNamespace()
                        .list()
                        .getItems());
    }

    @Override
    public void pass() {
        for (Function<KubernetesClient, List<? extends HasMetadata>> kind : kinds) {
            for (HasMetadata object : kind.apply(client)) {
                List<OwnerReference> owners = object.getMetadata().getOwnerReferences();
                if (owners == null || owners.isEmpty()) {
                    continue;
                }
                String namespace = object.getMetadata().getNamespace();
                if (owners.stream().noneMatch(owner -> exists(owner, namespace))) {
                    delete(object);
                }
            }
        }
    }

    private boolean exists(OwnerReference owner, String namespace) {
        GenericKubernetesResource found = client.genericKubernetesResources(context(owner))
                .inNamespace(namespace)
                .withName(owner.getName())
                .get();
        return found != null && owner.getUid().equals(found.getMetadata().getUid());
    }

    private void delete(HasMetadata object) {
        try {
            client.resource(object).delete();
        } catch (KubernetesClientException e) {
            // Deleted by someone else first: what this pass wanted.
            if (e.getCode() != 404) {
                throw e;
            }
        }
    }

    private static ResourceDefinitionContext context(OwnerReference owner) {
        String apiVersion = owner.getApiVersion();
        int slash = apiVersion.indexOf('/');
        return new ResourceDefinitionContext.Builder()
                .withGroup(slash < 0 ? "" : apiVersion.substring(0, slash))
                .withVersion(apiVersion.substring(slash + 1))
                .withKind(owner.getKind())
                .withPlural(Pluralize.toPlural(owner.getKind().toLowerCase(Locale.ROOT)))
                .withNamespaced(true)
                .build();
    }
}
