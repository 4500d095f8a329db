package dev.marina.operator.render;

import dev.marina.api.MemberStatus;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A cluster's Services: one headless Service that gives every member its DNS name, a read-write and a read-only Service
 * that follow the role label the operator writes on the data component's pods, and one Service per component whose
 * members hold no data (a gateway), which route clients themselves.
 */
public final class ClusterServicesRenderer {

    /** The {@link ObjectLabels#SERVICE} value of the headless Service. */
    public static final String MEMBERS = "members";

    private ClusterServicesRenderer() {}

    /**
     * Headless, and publishing members that are not ready: a replica that starts must resolve its primary's name, and
     * a member must resolve its own before it is ready. DNS needs no port; the agent's is the one every member has.
     */
    public static Service members(String engine, String cluster, String namespace, List<OwnerReference> owner) {
        Map<String, String> labels = ObjectLabels.cluster(engine, cluster);
        labels.put(ObjectLabels.SERVICE, MEMBERS);
        return new ServiceBuilder()
                .withNewMetadata()
                .withName(KubernetesLayout.membersService(cluster))
                .withNamespace(namespace)
                .withLabels(labels)
                .withOwnerReferences(owner)
                .endMetadata()
                .withNewSpec()
                .withClusterIP("None")
                .withPublishNotReadyAddresses(true)
                .withSelector(ObjectLabels.clusterSelector(cluster))
                .withPorts(servicePort(KubernetesPorts.AGENT_NAME, KubernetesPorts.AGENT))
                .endSpec()
                .build();
    }

    /** The primary of {@code component}: the member the operator labelled {@code marina.dev/role: primary}. */
    public static Service readWrite(
            String engine,
            String cluster,
            String component,
            Map<String, Integer> ports,
            String namespace,
            List<OwnerReference> owner) {
        return roleService(
                engine,
                cluster,
                component,
                ObjectNames.readWrite(cluster),
                MemberStatus.ROLE_PRIMARY,
                ports,
                namespace,
                owner);
    }

    /** The replicas of {@code component}, whichever are ready (a member that is not ready is no endpoint). */
    public static Service readOnly(
            String engine,
            String cluster,
            String component,
            Map<String, Integer> ports,
            String namespace,
            List<OwnerReference> owner) {
        return roleService(
                engine,
                cluster,
                component,
                ObjectNames.readOnly(cluster),
                MemberStatus.ROLE_REPLICA,
                ports,
                namespace,
                owner);
    }

    /** Every member of a component that routes clients (a gateway): they find the primary themselves. */
    public static Service component(
            String engine,
            String cluster,
            String component,
            Map<String, Integer> ports,
            String namespace,
            List<OwnerReference> owner) {
        return new ServiceBuilder()
                .withNewMetadata()
                .withName(ObjectNames.component(cluster, component))
                .withNamespace(namespace)
                .withLabels(withService(ObjectLabels.component(engine, cluster, component), component))
                .withOwnerReferences(owner)
                .endMetadata()
                .withNewSpec()
                .withType("ClusterIP")
                .withSelector(ObjectLabels.componentSelector(cluster, component))
                .withPorts(servicePorts(ports))
                .endSpec()
                .build();
    }

    private static Service roleService(
            String engine,
            String cluster,
            String component,
            String name,
            String role,
            Map<String, Integer> ports,
            String namespace,
            List<OwnerReference> owner) {
        return new ServiceBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .withLabels(withService(ObjectLabels.component(engine, cluster, component), role))
                .withOwnerReferences(owner)
                .endMetadata()
                .withNewSpec()
                .withType("ClusterIP")
                .withSelector(ObjectLabels.roleSelector(cluster, component, role))
                .withPorts(servicePorts(ports))
                .endSpec()
                .build();
    }

    private static Map<String, String> withService(Map<String, String> labels, String service) {
        labels.put(ObjectLabels.SERVICE, service);
        return labels;
    }

    private static List<ServicePort> servicePorts(Map<String, Integer> ports) {
        List<ServicePort> result = new ArrayList<>();
        ports.entrySet().stream()
                .sorted(Map.Entry.comparingByValue())
                .forEach(entry -> result.add(servicePort(entry.getKey(), entry.getValue())));
        return result;
    }

    private static ServicePort servicePort(String name, int port) {
        return new ServicePortBuilder()
                .withName(name)
                .withPort(port)
                .withTargetPort(new IntOrString(name))
                .withProtocol("TCP")
                .build();
    }
}
