package dev.marina.operator.render;

import static java.util.Objects.requireNonNull;

import dev.marina.control.member.MemberIdentity;
import dev.marina.control.member.MemberLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Where a member's files are inside its pod, and the name it is reached at. The same for every member, so the engine
 * renders the same paths for all of them and a pod spec differs from its siblings only in names.
 *
 * <ul>
 *   <li>{@code /var/lib/marina}: the member's volume (its PersistentVolumeClaim; an emptyDir for members that hold no
 *       data), with the engine's data directory in {@code data}
 *   <li>{@code /etc/marina/config}: the files the engine reads (an in-memory emptyDir: it holds passwords), written by
 *       the agent from the plan and rewritten at every start
 *   <li>{@code /etc/marina/plan/config} and {@code /etc/marina/plan/secret}: the member's ConfigMap and Secret, read
 *       only, which the agent copies to where the plan's manifest says
 *   <li>{@code /var/run/marina}: sockets and lock files
 * </ul>
 */
public final class KubernetesLayout {

    public static final Path ROOT = Path.of("/var/lib/marina");
    public static final Path CONFIG = Path.of("/etc/marina/config");
    public static final Path PLAN = Path.of("/etc/marina/plan");
    public static final Path PLAN_CONFIG = PLAN.resolve("config");
    public static final Path PLAN_SECRET = PLAN.resolve("secret");
    public static final Path RUN = Path.of("/var/run/marina");

    /**
     * The engine writes to its standard output, which the agent passes on as its own: {@code kubectl logs} reads it,
     * and nothing grows on the volume.
     */
    public static final Path LOG = Path.of("/dev/stdout");

    /** The file that names the control plane's URL, for members that follow its topology feed. */
    public static final Path CONTROL_PLANE_ADDRESS = CONFIG.resolve("control-plane-address");

    private static final MemberLayout LAYOUT = new MemberLayout(ROOT, ROOT.resolve("data"), CONFIG, RUN, LOG);

    private KubernetesLayout() {}

    public static MemberLayout layout() {
        return LAYOUT;
    }

    /** The headless Service that gives every member of {@code cluster} its DNS name. */
    public static String membersService(String cluster) {
        return requireNonNull(cluster, "cluster is null") + "-members";
    }

    /**
     * {@code <member>.<cluster>-members.<namespace>.svc}: stable across pod replacements, because the pod sets
     * {@code hostname} and {@code subdomain}; resolvable before the member is ready, because the Service publishes not
     * ready addresses (a replica must reach its primary while it is not ready itself).
     */
    public static String host(MemberIdentity member, String namespace) {
        requireNonNull(member, "member is null");
        requireNonNull(namespace, "namespace is null");
        return member.name() + "." + membersService(member.cluster()) + "." + namespace + ".svc";
    }

    /** The Service name of a component or role, {@code <cluster>-<suffix>}, and its DNS name in {@code namespace}. */
    public static String serviceHost(String cluster, String suffix, String namespace) {
        return cluster + "-" + suffix + "." + namespace + ".svc";
    }

    /**
     * The names a cluster's server certificate must carry: every member's (one wildcard, so that members coming and
     * going never re-issue it), the read-write and read-only Services, and the Service of each of {@code components}.
     */
    public static List<String> tlsHosts(String cluster, String namespace, Collection<String> components) {
        List<String> hosts = new ArrayList<>();
        hosts.add("*." + membersService(cluster) + "." + namespace + ".svc");
        hosts.add(serviceHost(cluster, "rw", namespace));
        hosts.add(serviceHost(cluster, "ro", namespace));
        components.stream().sorted().forEach(component -> hosts.add(serviceHost(cluster, component, namespace)));
        return List.copyOf(hosts);
    }
}
