package dev.marina.operator.render;

import dev.marina.control.member.MemberIdentity;
import java.util.Map;
import java.util.TreeMap;

/**
 * The labels every object of a cluster carries, and the selectors built from them. The recommended
 * {@code app.kubernetes.io} labels are for people and tools; selectors use the {@code marina.dev} ones, which nothing
 * else writes. Maps are sorted, so the rendered text and the revision hash never depend on insertion order.
 */
public final class ObjectLabels {

    public static final String NAME = "app.kubernetes.io/name";
    public static final String INSTANCE = "app.kubernetes.io/instance";
    public static final String COMPONENT = "app.kubernetes.io/component";
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String CLUSTER = "marina.dev/cluster";
    public static final String MEMBER = "marina.dev/member";
    public static final String MEMBER_COMPONENT = "marina.dev/component";

    /**
     * Written onto a pod by the operator, never rendered: the role the member's engine reports ({@code primary},
     * {@code replica}), which the read-write and read-only Services select.
     */
    public static final String ROLE = "marina.dev/role";

    /** Written beside {@link #ROLE} by the operator: the epoch (PostgreSQL timeline) the role was reported on. */
    public static final String EPOCH = "marina.dev/epoch";

    /** Which Service of the cluster an object is, so that a ServiceMonitor can pick the members' one. */
    public static final String SERVICE = "marina.dev/service";

    public static final String MANAGER = "marina-operator";

    private ObjectLabels() {}

    /** Labels of an object that belongs to the whole cluster. */
    public static Map<String, String> cluster(String engine, String cluster) {
        Map<String, String> labels = new TreeMap<>();
        labels.put(NAME, engine);
        labels.put(INSTANCE, cluster);
        labels.put(MANAGED_BY, MANAGER);
        labels.put(CLUSTER, cluster);
        return labels;
    }

    /** Labels of an object that belongs to one component. */
    public static Map<String, String> component(String engine, String cluster, String component) {
        Map<String, String> labels = cluster(engine, cluster);
        labels.put(COMPONENT, component);
        labels.put(MEMBER_COMPONENT, component);
        return labels;
    }

    /** Labels of a member's objects (pod, volume, ConfigMap, Secret). */
    public static Map<String, String> member(String engine, MemberIdentity member) {
        Map<String, String> labels = component(engine, member.cluster(), member.component());
        labels.put(MEMBER, member.name());
        return labels;
    }

    public static Map<String, String> clusterSelector(String cluster) {
        return new TreeMap<>(Map.of(CLUSTER, cluster));
    }

    public static Map<String, String> componentSelector(String cluster, String component) {
        Map<String, String> selector = clusterSelector(cluster);
        selector.put(MEMBER_COMPONENT, component);
        return selector;
    }

    public static Map<String, String> roleSelector(String cluster, String component, String role) {
        Map<String, String> selector = componentSelector(cluster, component);
        selector.put(ROLE, role);
        return selector;
    }
}
