package dev.marina.operator.render;

import static java.util.Objects.requireNonNull;

import dev.marina.api.ComponentSpec;
import dev.marina.control.engine.MemberPlan;
import dev.marina.control.member.MemberContext;
import dev.marina.control.member.MemberIdentity;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A member's pod: one container, running the agent from the Marina image, which writes the plan's files and starts the
 * engine's command. The pod spec holds nothing that changes with the member's role or files, so that a failover or a
 * reloaded setting never replaces a pod; {@link RevisionHash} tells the operator when something that does changed.
 */
public final class MemberPodRenderer {

    /** The environment variable that carries the token the operator authenticates to the agent with. */
    public static final String AGENT_TOKEN_VARIABLE = "MARINA_AGENT_TOKEN";

    /** The agent's other settings: who it runs, where, and the port it answers on. */
    public static final String CLUSTER_VARIABLE = "MARINA_CLUSTER";

    public static final String MEMBER_VARIABLE = "MARINA_MEMBER";
    public static final String NAMESPACE_VARIABLE = "MARINA_NAMESPACE";
    public static final String AGENT_PORT_VARIABLE = "MARINA_AGENT_PORT";

    /** A fast shutdown of a busy PostgreSQL writes a checkpoint first: give it time before the kubelet kills it. */
    static final long TERMINATION_GRACE_SECONDS = 60;

    private static final String DATA_VOLUME = "data";
    private static final String CONFIG_VOLUME = "config";
    private static final String PLAN_CONFIG_VOLUME = "plan-config";
    private static final String PLAN_SECRET_VOLUME = "plan-secret";
    private static final String RUN_VOLUME = "run";
    private static final String SHARED_MEMORY_VOLUME = "shm";
    private static final String TEMPORARY_VOLUME = "tmp";

    /** Readable by the owner and the pod's group (fsGroup) only: the agent copies secret files with its own modes. */
    private static final int PLAN_MODE = 0440;

    private MemberPodRenderer() {}

    /**
     * @param engine the engine's name, for labels
     * @param member the member as the engine rendered it
     * @param plan the engine's plan for it
     * @param image the container image
     * @param holdsData whether the member keeps data on a PersistentVolumeClaim (else an emptyDir)
     */
    public static Pod pod(
            String engine,
            MemberContext member,
            MemberPlan plan,
            String image,
            boolean holdsData,
            String namespace,
            KubernetesSettings settings,
            List<OwnerReference> owner) {
        requireNonNull(member, "member is null");
        requireNonNull(plan, "plan is null");
        MemberIdentity identity = member.identity();
        PodSpec spec = new PodSpecBuilder()
                .withHostname(identity.name())
                .withSubdomain(KubernetesLayout.membersService(identity.cluster()))
                // Service links put every Service of the namespace into the environment: noise the engine never reads.
                .withEnableServiceLinks(false)
                // Nothing in the pod talks to the API server: the operator calls the agent, not the other way round.
                .withAutomountServiceAccountToken(false)
                .withTerminationGracePeriodSeconds(TERMINATION_GRACE_SECONDS)
                .withNewSecurityContext()
                .withRunAsNonRoot(true)
                .withRunAsUser(settings.runAsUser())
                .withRunAsGroup(settings.runAsUser())
                .withFsGroup(settings.runAsUser())
                // A large data volume is not walked again at every start once its owner is right.
                .withFsGroupChangePolicy("OnRootMismatch")
                .withNewSeccompProfile()
                .withType("RuntimeDefault")
                .endSeccompProfile()
                .endSecurityContext()
                .withAffinity(PodPlacement.affinity(identity.cluster(), identity.component()))
                .withTopologySpreadConstraints(PodPlacement.spread(identity.cluster(), identity.component()))
                .withContainers(container(member, plan, image, settings))
                .withVolumes(volumes(identity, holdsData))
                .build();
        if (!settings.imagePullSecrets().isEmpty()) {
            // Only when there are any: an empty list would be one more field in every pod of every cluster.
            spec.setImagePullSecrets(settings.imagePullSecrets().stream()
                    .map(LocalObjectReference::new)
                    .toList());
        }
        Map<String, String> annotations = new TreeMap<>();
        annotations.put(RevisionHash.ANNOTATION, RevisionHash.of(spec));
        annotations.put(RevisionHash.SPEC_ANNOTATION, RevisionHash.ofSpec(member.spec(), identity.component()));
        return new PodBuilder()
                .withNewMetadata()
                .withName(identity.name())
                .withNamespace(namespace)
                .withLabels(ObjectLabels.member(engine, identity))
                .withAnnotations(annotations)
                .withOwnerReferences(owner)
                .endMetadata()
                .withSpec(spec)
                .build();
    }

    private static Container container(
            MemberContext member, MemberPlan plan, String image, KubernetesSettings settings) {
        MemberIdentity identity = member.identity();
        List<String> arguments = new ArrayList<>(List.of("--stop-signal", plan.stopSignal(), "--"));
        arguments.addAll(plan.command());
        return new ContainerBuilder()
                .withName(identity.component())
                .withImage(image)
                .withImagePullPolicy(settings.imagePullPolicy())
                .withCommand(MarinaImage.INIT, "--", MarinaImage.AGENT)
                .withArgs(arguments)
                .withEnv(environment(identity, plan))
                .withPorts(ports(member))
                .withResources(resources(member.spec().components().get(identity.component())))
                .withReadinessProbe(probe(MarinaImage.READY_PATH, 5, 3))
                // Asks the agent only, never the engine: a database in a long crash recovery answers nothing and
                // must not be killed for it.
                .withLivenessProbe(probe(MarinaImage.LIVE_PATH, 10, 6))
                .withNewSecurityContext()
                .withAllowPrivilegeEscalation(false)
                .withReadOnlyRootFilesystem(true)
                .withNewCapabilities()
                .withDrop("ALL")
                .endCapabilities()
                .endSecurityContext()
                .withVolumeMounts(mounts())
                .build();
    }

    private static List<EnvVar> environment(MemberIdentity identity, MemberPlan plan) {
        List<EnvVar> environment = new ArrayList<>();
        plan.environment()
                .forEach((name, value) -> environment.add(
                        new EnvVarBuilder().withName(name).withValue(value).build()));
        environment.add(variable(CLUSTER_VARIABLE, identity.cluster()));
        environment.add(variable(MEMBER_VARIABLE, identity.name()));
        // From the pod itself, so that the pod spec, and its revision, do not depend on the namespace.
        environment.add(new EnvVarBuilder()
                .withName(NAMESPACE_VARIABLE)
                .withNewValueFrom()
                .withNewFieldRef()
                .withFieldPath("metadata.namespace")
                .endFieldRef()
                .endValueFrom()
                .build());
        environment.add(variable(AGENT_PORT_VARIABLE, Integer.toString(KubernetesPorts.AGENT)));
        environment.add(new EnvVarBuilder()
                .withName(AGENT_TOKEN_VARIABLE)
                .withNewValueFrom()
                .withNewSecretKeyRef()
                .withName(ObjectNames.credentials(identity.cluster()))
                .withKey(ClusterSecretsRenderer.AGENT_TOKEN)
                .endSecretKeyRef()
                .endValueFrom()
                .build());
        return environment;
    }

    private static EnvVar variable(String name, String value) {
        return new EnvVarBuilder().withName(name).withValue(value).build();
    }

    private static List<ContainerPort> ports(MemberContext member) {
        List<ContainerPort> ports = new ArrayList<>();
        // The endpoint's map has no order of its own (Map.copyOf): list the ports by number, as they were assigned.
        member.endpoint().ports().entrySet().stream()
                .sorted(Map.Entry.comparingByValue())
                .forEach(entry -> ports.add(port(entry.getKey(), entry.getValue())));
        ports.add(port(KubernetesPorts.AGENT_NAME, KubernetesPorts.AGENT));
        return ports;
    }

    private static ContainerPort port(String name, int number) {
        return new ContainerPortBuilder()
                .withName(name)
                .withContainerPort(number)
                .withProtocol("TCP")
                .build();
    }

    private static ResourceRequirements resources(ComponentSpec component) {
        ResourceRequirementsBuilder builder = new ResourceRequirementsBuilder();
        if (component != null && component.resources() != null) {
            builder.withRequests(quantities(component.resources().requests()));
            builder.withLimits(quantities(component.resources().limits()));
        }
        return builder.build();
    }

    private static Map<String, Quantity> quantities(Map<String, String> values) {
        Map<String, Quantity> quantities = new TreeMap<>();
        values.forEach((name, value) -> quantities.put(name, new Quantity(value)));
        return quantities;
    }

    private static Probe probe(String path, int periodSeconds, int failureThreshold) {
        return new ProbeBuilder()
                .withNewHttpGet()
                .withPath(path)
                .withPort(new IntOrString(KubernetesPorts.AGENT_NAME))
                .withScheme("HTTP")
                .endHttpGet()
                .withPeriodSeconds(periodSeconds)
                .withTimeoutSeconds(2)
                .withFailureThreshold(failureThreshold)
                .build();
    }

    private static List<VolumeMount> mounts() {
        return List.of(
                mount(DATA_VOLUME, KubernetesLayout.ROOT.toString(), false),
                mount(CONFIG_VOLUME, KubernetesLayout.CONFIG.toString(), false),
                mount(PLAN_CONFIG_VOLUME, KubernetesLayout.PLAN_CONFIG.toString(), true),
                mount(PLAN_SECRET_VOLUME, KubernetesLayout.PLAN_SECRET.toString(), true),
                mount(RUN_VOLUME, KubernetesLayout.RUN.toString(), false),
                mount(SHARED_MEMORY_VOLUME, "/dev/shm", false),
                mount(TEMPORARY_VOLUME, "/tmp", false));
    }

    private static VolumeMount mount(String volume, String path, boolean readOnly) {
        return new VolumeMountBuilder()
                .withName(volume)
                .withMountPath(path)
                .withReadOnly(readOnly ? Boolean.TRUE : null)
                .build();
    }

    private static List<Volume> volumes(MemberIdentity member, boolean holdsData) {
        Volume data = holdsData
                ? new VolumeBuilder()
                        .withName(DATA_VOLUME)
                        .withNewPersistentVolumeClaim()
                        .withClaimName(ObjectNames.memberVolume(member))
                        .endPersistentVolumeClaim()
                        .build()
                : emptyDirectory(DATA_VOLUME, false);
        return List.of(
                data,
                // In memory: the engine's configuration holds passwords and keys, which never touch a node's disk.
                emptyDirectory(CONFIG_VOLUME, true),
                new VolumeBuilder()
                        .withName(PLAN_CONFIG_VOLUME)
                        .withNewConfigMap()
                        .withName(ObjectNames.memberConfig(member))
                        .withDefaultMode(PLAN_MODE)
                        .endConfigMap()
                        .build(),
                new VolumeBuilder()
                        .withName(PLAN_SECRET_VOLUME)
                        .withNewSecret()
                        .withSecretName(ObjectNames.memberSecret(member))
                        .withDefaultMode(PLAN_MODE)
                        .endSecret()
                        .build(),
                emptyDirectory(RUN_VOLUME, false),
                // The container runtime's default /dev/shm is 64 MiB; PostgreSQL's parallel queries use more.
                emptyDirectory(SHARED_MEMORY_VOLUME, true),
                emptyDirectory(TEMPORARY_VOLUME, false));
    }

    private static Volume emptyDirectory(String name, boolean inMemory) {
        return new VolumeBuilder()
                .withName(name)
                .withNewEmptyDir()
                .withMedium(inMemory ? "Memory" : null)
                .endEmptyDir()
                .build();
    }
}
