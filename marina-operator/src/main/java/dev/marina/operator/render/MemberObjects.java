package dev.marina.operator.render;

import static java.util.Objects.requireNonNull;

import dev.marina.api.ComponentSpec;
import dev.marina.control.engine.MemberPlan;
import dev.marina.control.member.MemberContext;
import dev.marina.control.member.MemberIdentity;
import dev.marina.operator.topology.FeedPath;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The objects of one member, rendered from the plan the engine gave it: its ConfigMap and Secret (the plan's files and
 * manifest), its volume claim when it holds data, and its pod. {@link ClusterObjects} renders every member of a cluster
 * with it; the Kubernetes runtime renders the one member the control core starts, with the core's own plan.
 *
 * @param claim empty for members that hold no data (gateways)
 */
public record MemberObjects(ConfigMap config, Secret secret, Optional<PersistentVolumeClaim> claim, Pod pod) {

    public MemberObjects {
        requireNonNull(config, "config is null");
        requireNonNull(secret, "secret is null");
        requireNonNull(claim, "claim is null");
        requireNonNull(pod, "pod is null");
    }

    /**
     * @param engine the engine's name, for labels
     * @param member the member as the engine rendered it
     * @param plan the engine's plan for it
     * @param holdsData whether the member keeps data on a PersistentVolumeClaim
     * @param owner the owner reference of its DatabaseCluster
     */
    public static MemberObjects render(
            String engine,
            MemberContext member,
            MemberPlan plan,
            boolean holdsData,
            String namespace,
            KubernetesSettings settings,
            List<OwnerReference> owner) {
        requireNonNull(engine, "engine is null");
        requireNonNull(member, "member is null");
        requireNonNull(plan, "plan is null");
        requireNonNull(namespace, "namespace is null");
        requireNonNull(settings, "settings is null");
        MemberIdentity identity = member.identity();
        MemberPlanFiles files = MemberPlanFiles.of(plan, runtimeFiles(settings, namespace));
        Optional<PersistentVolumeClaim> claim = Optional.empty();
        if (holdsData) {
            ComponentSpec component = member.spec().components().get(identity.component());
            claim = Optional.of(MemberStorageRenderer.claim(
                    engine,
                    identity,
                    namespace,
                    component == null ? null : component.storage(),
                    settings.defaultStorageSize()));
        }
        String image = settings.image(engine, member.spec().version());
        return new MemberObjects(
                MemberFilesRenderer.configMap(engine, identity, namespace, files, owner),
                MemberFilesRenderer.secret(engine, identity, namespace, files, owner),
                claim,
                MemberPodRenderer.pod(engine, member, plan, image, holdsData, namespace, settings, owner));
    }

    /** In the order to create them: the files and the volume before the pod that mounts them. */
    public List<HasMetadata> all() {
        List<HasMetadata> objects = new ArrayList<>(List.of(config, secret));
        claim.ifPresent(objects::add);
        objects.add(pod);
        return List.copyOf(objects);
    }

    /**
     * Files the runtime adds to every member, by path: the base URL of the topology feeds of the member's namespace,
     * since a cluster's name is unique only there.
     */
    private static Map<String, String> runtimeFiles(KubernetesSettings settings, String namespace) {
        return Map.of(
                KubernetesLayout.CONTROL_PLANE_ADDRESS.toString(),
                FeedPath.base(settings.controlPlaneUrl(), namespace) + "\n");
    }
}
