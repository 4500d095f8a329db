package dev.marina.testkit.kubernetes;

import static java.util.Objects.requireNonNull;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The scheduler and the kubelet, reduced to their outcome: every pod becomes Running and Ready (all its containers
 * ready, an address), except pods a test holds back by name, which stay as they are until released.
 */
public final class PodReadiness implements MockController {

    private final KubernetesClient client;
    private final Set<String> held = ConcurrentHashMap.newKeySet();

    public PodReadiness(KubernetesClient client) {
        this.client = requireNonNull(client, "client is null");
    }

    /** Keeps pod {@code name} (in any namespace) from becoming ready, from the next pass on. */
    public void hold(String name) {
        held.add(requireNonNull(name, "name is null"));
    }

    public void release(String name) {
        held.remove(requireNonNull(name, "name is null"));
    }

    @Override
    public void pass() {
        for (Pod pod : client.pods().inAnyNamespace().list().getItems()) {
            if (held.contains(pod.getMetadata().getName())
                    || pod.getMetadata().getDeletionTimestamp() != null
                    || isRunningAndReady(pod)) {
                continue;
            }
            pod.setStatus(runningAndReady(pod));
            try {
                client.pods().resource(pod).updateStatus();
            } catch (KubernetesClientException e) {
                // Changed or deleted since it was listed: the next pass sees it as it is now.
                if (e.getCode() != 404 && e.getCode() != 409) {
                    throw e;
                }
            }
        }
    }

    public static boolean isRunningAndReady(Pod pod) {
        PodStatus status = pod.getStatus();
        return status != null
                && "Running".equals(status.getPhase())
                && status.getConditions() != null
                && status.getConditions().stream()
                        .anyMatch(condition ->
                                "Ready".equals(condition.getType()) && "True".equals(condition.getStatus()));
    }

    private static PodStatus runningAndReady(Pod pod) {
        List<ContainerStatus> containers = pod.getSpec().getContainers().stream()
                .map(container -> new ContainerStatusBuilder()
                        .withName(container.getName())
                        .withImage(container.getImage())
                        .withReady(true)
                        .withStarted(true)
                        .withRestartCount(0)
                        .withNewState()
                        .withNewRunning()
                        .endRunning()
                        .endState()
                        .build())
                .toList();
        List<PodCondition> conditions = List.of("PodScheduled", "Initialized", "ContainersReady", "Ready").stream()
                .map(type -> new PodConditionBuilder()
                        .withType(type)
                        .withStatus("True")
                        .build())
                .toList();
        return new PodStatusBuilder()
                .withPhase("Running")
                .withConditions(conditions)
                .withContainerStatuses(containers)
                .withPodIP(address(pod))
                .build();
    }

    /** An address in 10.0.0.0/8 that stays the same for one pod name. */
    private static String address(Pod pod) {
        int hash = pod.getMetadata().getName().hashCode() & 0xFFFFFF;
        return "10." + (hash >> 16 & 0xFF) + "." + (hash >> 8 & 0xFF) + "." + (hash & 0xFF);
    }
}
