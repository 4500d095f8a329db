package dev.marina.operator.render;

import static java.util.Objects.requireNonNull;

import dev.marina.api.ClusterSpec;
import dev.marina.api.DatabaseCluster;
import dev.marina.api.EngineDescription;
import dev.marina.api.http.ConnectionInfo;
import dev.marina.control.engine.Engine;
import dev.marina.control.engine.MemberPlan;
import dev.marina.control.engine.Topology;
import dev.marina.control.member.Credentials;
import dev.marina.control.member.Endpoint;
import dev.marina.control.member.MemberContext;
import dev.marina.control.member.MemberIdentity;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every Kubernetes object a cluster gets, rendered as a pure function of the validated cluster, its namespace, its
 * engine, its credentials and who its members are. The operator applies the result; {@code marina render} prints it.
 *
 * <p>The order is the order to create them in: Secrets and Services first (a pod refers to the first and resolves
 * names through the second), then the disruption budgets, then each member's ConfigMap, Secret, volume and pod.
 */
public final class ClusterObjects {

    private ClusterObjects() {}

    /**
     * The objects of a cluster as it starts: members numbered from 0, the first member of the data component primary.
     *
     * @param cluster a cluster that passed {@link dev.marina.api.validation.ClusterValidator} (defaults filled in)
     * @param credentials the cluster's credentials: every name in {@link #credentialNames}, and TLS
     */
    public static List<HasMetadata> render(
            DatabaseCluster cluster,
            String namespace,
            Engine engine,
            Credentials credentials,
            KubernetesSettings settings) {
        return renderAsItStarts(cluster, namespace, engine, credentials, settings, true);
    }

    /** The objects of a cluster whose members and roles are {@code roster}. */
    public static List<HasMetadata> render(
            DatabaseCluster cluster,
            String namespace,
            Engine engine,
            Credentials credentials,
            KubernetesSettings settings,
            MemberRoster roster) {
        return render(cluster, namespace, engine, credentials, settings, roster, true);
    }

    private static List<HasMetadata> render(
            DatabaseCluster cluster,
            String namespace,
            Engine engine,
            Credentials credentials,
            KubernetesSettings settings,
            MemberRoster roster,
            boolean withMembers) {
        requireNonNull(cluster, "cluster is null");
        requireNonNull(namespace, "namespace is null");
        requireNonNull(engine, "engine is null");
        requireNonNull(credentials, "credentials is null");
        requireNonNull(settings, "settings is null");
        requireNonNull(roster, "roster is null");
        String name = cluster.name();
        ClusterSpec spec = cluster.spec();
        String engineName = spec.engine();
        EngineDescription description = engine.description();
        String dataComponent = description.dataComponent();
        List<OwnerReference> owner = ClusterOwner.of(cluster);

        Map<MemberIdentity, MemberContext> contexts = new LinkedHashMap<>();
        for (MemberIdentity member : roster.members()) {
            contexts.put(member, KubernetesMembers.context(spec, member, namespace, engine, credentials));
        }
        Optional<MemberContext> primary = roster.primary()
                .map(primaryName -> contexts.values().stream()
                        .filter(context -> context.name().equals(primaryName))
                        .findFirst()
                        .orElseThrow(() -> new IllegalArgumentException(
                                "the primary " + primaryName + " is not one of the members")));
        Topology topology = new Topology(
                primary,
                roster.synchronousStandbys(),
                spec.availabilityOrDefault().isSynchronous());

        List<HasMetadata> objects = new ArrayList<>();
        objects.add(ClusterSecretsRenderer.credentials(
                engineName, name, namespace, credentialNames(engine), credentials, owner));
        ClusterSecretsRenderer.tls(engineName, name, namespace, credentials, owner)
                .ifPresent(objects::add);
        objects.add(ClusterSecretsRenderer.application(
                engineName, name, namespace, connection(cluster, namespace, engine, credentials, roster), owner));

        objects.add(ClusterServicesRenderer.members(engineName, name, namespace, owner));
        Map<String, Integer> dataPorts = KubernetesPorts.assign(engine.portNames(dataComponent));
        objects.add(ClusterServicesRenderer.readWrite(engineName, name, dataComponent, dataPorts, namespace, owner));
        objects.add(ClusterServicesRenderer.readOnly(engineName, name, dataComponent, dataPorts, namespace, owner));
        for (String component : components(spec, description)) {
            if (description.isStateless(component)) {
                objects.add(ClusterServicesRenderer.component(
                        engineName,
                        name,
                        component,
                        KubernetesPorts.assign(engine.portNames(component)),
                        namespace,
                        owner));
            }
        }
        for (String component : components(spec, description)) {
            objects.add(DisruptionBudgetRenderer.budget(engineName, name, component, namespace, owner));
        }

        if (withMembers) {
            for (MemberContext member : contexts.values()) {
                MemberPlan plan = engine.render(member, topology);
                boolean holdsData = !description.isStateless(member.identity().component());
                objects.addAll(MemberObjects.render(engineName, member, plan, holdsData, namespace, settings, owner)
                        .all());
            }
        }
        if (settings.serviceMonitor()) {
            objects.add(ServiceMonitorRenderer.monitor(engineName, name, namespace, owner));
        }
        return List.copyOf(objects);
    }

    /**
     * The objects of the cluster itself, without any member's: what the operator applies every pass, while the control
     * core creates each member's objects through the Kubernetes runtime with the plan it gives that member.
     */
    public static List<HasMetadata> renderShared(
            DatabaseCluster cluster,
            String namespace,
            Engine engine,
            Credentials credentials,
            KubernetesSettings settings) {
        return renderAsItStarts(cluster, namespace, engine, credentials, settings, false);
    }

    private static List<HasMetadata> renderAsItStarts(
            DatabaseCluster cluster,
            String namespace,
            Engine engine,
            Credentials credentials,
            KubernetesSettings settings,
            boolean withMembers) {
        requireNonNull(cluster, "cluster is null");
        requireNonNull(engine, "engine is null");
        MemberRoster roster = MemberRoster.initial(cluster.name(), cluster.spec(), engine.description());
        return render(cluster, namespace, engine, credentials, settings, roster, withMembers);
    }

    /** The credentials a cluster of {@code engine} needs on Kubernetes, in the order they are listed. */
    public static List<String> credentialNames(Engine engine) {
        List<String> names = new ArrayList<>(engine.credentialNames());
        names.add(Credentials.GATEWAY);
        names.add(ClusterSecretsRenderer.AGENT_TOKEN);
        return List.copyOf(names);
    }

    /** The names the cluster's server certificate must carry on Kubernetes. */
    public static List<String> tlsHosts(DatabaseCluster cluster, String namespace) {
        return KubernetesLayout.tlsHosts(
                cluster.name(), namespace, cluster.spec().components().keySet());
    }

    /** The spec's components in the engine's order. */
    private static List<String> components(ClusterSpec spec, EngineDescription description) {
        return description.components().keySet().stream()
                .filter(spec.components()::containsKey)
                .toList();
    }

    /**
     * How an application connects: through the Service of the members that route clients when the cluster has any,
     * else through the read-write Service. The engine writes the URL; the Service stands in for the members it
     * selects, as one member with the Service's name.
     */
    private static ConnectionInfo connection(
            DatabaseCluster cluster, String namespace, Engine engine, Credentials credentials, MemberRoster roster) {
        EngineDescription description = engine.description();
        Optional<String> router = roster.members().stream()
                .map(MemberIdentity::component)
                .filter(description::isStateless)
                .findFirst();
        String component = router.orElse(description.dataComponent());
        String host = KubernetesLayout.serviceHost(cluster.name(), router.isPresent() ? component : "rw", namespace);
        MemberContext service = new MemberContext(
                cluster.spec(),
                new MemberIdentity(cluster.name(), component, 0),
                new Endpoint(host, KubernetesPorts.assign(engine.portNames(component))),
                KubernetesLayout.layout(),
                credentials);
        return engine.connection(cluster.name(), List.of(service), false, false, Optional.empty());
    }
}
