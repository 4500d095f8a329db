package dev.marina.operator.agent;

import static java.util.Objects.requireNonNull;

import dev.marina.control.member.MemberLayout;
import dev.marina.operator.render.KubernetesLayout;
import dev.marina.operator.render.KubernetesPorts;
import dev.marina.operator.render.MemberPodRenderer;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

/**
 * What the agent needs to know, from the pod: its member and cluster, namespace, token and port from the environment
 * ({@link MemberPodRenderer} renders them), the engine's stop signal and command from its arguments ({@code
 * --stop-signal INT -- /usr/lib/postgresql/15/bin/postgres -D /etc/marina/config}), and the paths of {@link
 * KubernetesLayout}. {@link #toString()} never shows the token.
 *
 * @param address where the agent listens
 * @param layout the member's files in the pod
 * @param plan where the member's ConfigMap and Secret are mounted
 * @param stopSignal the signal that stops the engine quickly and cleanly
 * @param command the engine's command at the pod's start
 */
record AgentSettings(
        String cluster,
        String member,
        String namespace,
        String token,
        InetSocketAddress address,
        MemberLayout layout,
        MountedPlan plan,
        String stopSignal,
        List<String> command) {

    AgentSettings {
        requireNonNull(cluster, "cluster is null");
        requireNonNull(member, "member is null");
        requireNonNull(namespace, "namespace is null");
        requireNonNull(token, "token is null");
        requireNonNull(address, "address is null");
        requireNonNull(layout, "layout is null");
        requireNonNull(plan, "plan is null");
        requireNonNull(stopSignal, "stopSignal is null");
        command = List.copyOf(command);
    }

    /**
     * Reads the pod's settings.
     *
     * @throws IllegalArgumentException naming the variable or argument at fault
     */
    static AgentSettings fromEnvironment(Map<String, String> environment, List<String> arguments) {
        String port = environment.getOrDefault(
                MemberPodRenderer.AGENT_PORT_VARIABLE, Integer.toString(KubernetesPorts.AGENT));
        int portNumber;
        try {
            portNumber = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            portNumber = -1;
        }
        if (portNumber < 1 || portNumber > 65535) {
            throw new IllegalArgumentException(
                    MemberPodRenderer.AGENT_PORT_VARIABLE + " must be a port number (1 to 65535), not '" + port + "'");
        }
        String stopSignal = "TERM";
        int index = 0;
        for (; index < arguments.size() && !arguments.get(index).equals("--"); index++) {
            String argument = arguments.get(index);
            if (argument.equals("--stop-signal") && index + 1 < arguments.size()) {
                stopSignal = arguments.get(++index);
            } else {
                throw new IllegalArgumentException("unknown argument '" + argument
                        + "'; the agent takes --stop-signal SIGNAL -- ENGINE COMMAND...");
            }
        }
        List<String> command = index < arguments.size() ? arguments.subList(index + 1, arguments.size()) : List.of();
        if (command.isEmpty()) {
            throw new IllegalArgumentException(
                    "no engine command; the agent takes --stop-signal SIGNAL -- ENGINE COMMAND...");
        }
        return new AgentSettings(
                required(environment, MemberPodRenderer.CLUSTER_VARIABLE),
                required(environment, MemberPodRenderer.MEMBER_VARIABLE),
                required(environment, MemberPodRenderer.NAMESPACE_VARIABLE),
                required(environment, MemberPodRenderer.AGENT_TOKEN_VARIABLE),
                new InetSocketAddress(portNumber),
                KubernetesLayout.layout(),
                new MountedPlan(KubernetesLayout.PLAN_CONFIG, KubernetesLayout.PLAN_SECRET),
                stopSignal,
                command);
    }

    private static String required(Map<String, String> environment, String name) {
        String value = environment.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is not set; the member's pod spec sets it");
        }
        return value;
    }

    @Override
    public String toString() {
        return "AgentSettings[cluster=" + cluster + ", member=" + member + ", namespace=" + namespace + ", address="
                + address + ", stopSignal=" + stopSignal + ", command=" + command + "]";
    }
}
