package dev.marina.operator.controller;

import static java.util.Objects.requireNonNull;

import dev.marina.api.ClusterStatus;
import dev.marina.api.Condition;
import dev.marina.api.DatabaseCluster;
import dev.marina.api.validation.InvalidDocumentException;
import dev.marina.control.engine.Engine;
import dev.marina.control.member.Credentials;
import dev.marina.control.member.MemberIdentity;
import dev.marina.control.store.StoredCluster;
import dev.marina.operator.crd.DatabaseClusterResource;
import dev.marina.operator.render.ClusterObjects;
import dev.marina.operator.render.KubernetesEngines;
import dev.marina.operator.render.KubernetesLayout;
import dev.marina.operator.render.KubernetesPorts;
import dev.marina.operator.render.KubernetesSettings;
import dev.marina.operator.render.MemberRoster;
import dev.marina.operator.render.ObjectLabels;
import dev.marina.operator.store.KubernetesStore;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles one DatabaseCluster, as a flat chain of named steps:
 *
 * <ol>
 *   <li>read the cluster through the store (the resource, with the store's spec while it is ahead);
 *   <li>validate it with the REST API's validator; when invalid, write a Ready False condition naming the fields and
 *       stop: nothing else changes (no object, no stored state, no credentials);
 *   <li>save it through the store (the defaults the validator filled in become part of the resource: the version a
 *       cluster was created with does not move when a newer operator knows a newer one);
 *   <li>make sure its credentials exist (generated once, kept in the store);
 *   <li>render its objects ({@link ClusterObjects#render}) and apply them ({@link ObjectApplier}: pods are created,
 *       never replaced here);
 *   <li>write a status from the pods ({@link PodMembersStatus}).
 * </ol>
 *
 * <p>The members are the spec's as a new cluster has them (ordinals from 0, the first member primary): roles,
 * failover, scaling with the store's ordinals and rolling updates come with the agent and the control core's
 * reconciler on the Kubernetes runtime. Pod events (through an informer on the cluster's pods) trigger a pass, so
 * the status follows readiness.
 *
 * <p>On delete ({@link Cleaner}): a cluster with {@code spec.deletionProtection: true} keeps the finalizer and gets a
 * {@value RefusalStatus#DELETION_BLOCKED} condition saying how to lift it; any other is released by
 * {@link ClusterRelease} (volumes kept unless the resource carries {@value ClusterRelease#PURGE_ANNOTATION}).
 */
public final class ClusterController implements Reconciler<DatabaseClusterResource>, Cleaner<DatabaseClusterResource> {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterController.class);

    private final KubernetesSettings settings;
    private final Clock clock;
    private final Map<String, Engine> engines;
    private final NamespaceStores stores;
    private final ClusterValidation validation;
    private final ClusterCredentials credentials;
    private final ObjectApplier applier;
    private final ClusterRelease release;

    public ClusterController(KubernetesClient client, KubernetesSettings settings, Clock clock) {
        requireNonNull(client, "client is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.engines = KubernetesEngines.all();
        this.stores = new NamespaceStores(client, clock);
        this.validation = new ClusterValidation(engines);
        this.credentials = new ClusterCredentials(clock);
        this.applier = new ObjectApplier(client);
        this.release = new ClusterRelease(client);
    }

    /** The cluster's pods, found by their owner reference, so that readiness changes start a pass. */
    @Override
    public List<EventSource<?, DatabaseClusterResource>> prepareEventSources(
            EventSourceContext<DatabaseClusterResource> context) {
        InformerEventSourceConfiguration<Pod> pods = InformerEventSourceConfiguration.from(
                        Pod.class, DatabaseClusterResource.class)
                .withLabelSelector(ObjectLabels.MANAGED_BY + "=" + ObjectLabels.MANAGER)
                .build();
        return List.of(new InformerEventSource<>(pods, context));
    }

    @Override
    public UpdateControl<DatabaseClusterResource> reconcile(
            DatabaseClusterResource resource, Context<DatabaseClusterResource> context) {
        String name = resource.getMetadata().getName();
        KubernetesStore store = stores.of(resource.getMetadata().getNamespace());
        Optional<StoredCluster> found = store.find(name);
        if (found.isEmpty()) {
            // Deleted since the event: nothing to do.
            return UpdateControl.noUpdate();
        }
        DatabaseCluster cluster = found.get().resource();
        Optional<ClusterStatus> previous = Optional.ofNullable(cluster.status());

        DatabaseCluster valid;
        try {
            valid = validation.validate(cluster);
        } catch (InvalidDocumentException e) {
            refuseInvalid(store, cluster, previous, e);
            return UpdateControl.noUpdate();
        }

        DatabaseCluster saved = store.save(valid).cluster().resource();
        Engine engine = engines.get(saved.spec().engine());
        String namespace = store.namespace();
        Credentials secrets = credentials.ensure(store, saved, namespace, engine);
        MemberRoster roster = MemberRoster.initial(name, saved.spec(), engine.description());
        List<HasMetadata> objects = ClusterObjects.render(saved, namespace, engine, secrets, settings, roster);
        Set<String> pendingRevisions = applier.apply(namespace + "/" + name, objects);

        Map<String, Pod> pods = context.getSecondaryResources(Pod.class).stream()
                .collect(Collectors.toMap(pod -> pod.getMetadata().getName(), Function.identity(), (a, b) -> a));
        store.saveStatus(
                name,
                PodMembersStatus.compute(
                        generation(saved),
                        roster.members(),
                        pods,
                        endpoints(roster, namespace, engine),
                        pendingRevisions,
                        previous,
                        clock.instant().toString()));
        return UpdateControl.noUpdate();
    }

    @Override
    public DeleteControl cleanup(DatabaseClusterResource resource, Context<DatabaseClusterResource> context) {
        String name = resource.getMetadata().getName();
        String namespace = resource.getMetadata().getNamespace();
        KubernetesStore store = stores.of(namespace);
        if (resource.getSpec() != null && resource.getSpec().isDeletionProtected()) {
            long generation =
                    Optional.ofNullable(resource.getMetadata().getGeneration()).orElse(0L);
            store.saveStatus(
                    name,
                    RefusalStatus.deletionBlocked(
                            Optional.ofNullable(resource.getStatus()),
                            name,
                            namespace,
                            generation,
                            clock.instant().toString()));
            LOG.warn(
                    "cluster {}/{}: delete refused while spec.deletionProtection is true; the resource stays",
                    namespace,
                    name);
            return DeleteControl.noFinalizerRemoval();
        }
        Map<String, String> annotations = resource.getMetadata().getAnnotations();
        boolean purge = annotations != null && "true".equals(annotations.get(ClusterRelease.PURGE_ANNOTATION));
        release.release(store, name, purge);
        return DeleteControl.defaultDelete();
    }

    private void refuseInvalid(
            KubernetesStore store,
            DatabaseCluster cluster,
            Optional<ClusterStatus> previous,
            InvalidDocumentException invalid) {
        ClusterStatus status = RefusalStatus.invalid(
                previous, invalid.errors(), generation(cluster), clock.instant().toString());
        // Once per refusal, not at every pass: a pod event of the cluster's earlier spec starts a pass too.
        Optional<String> before =
                previous.flatMap(earlier -> earlier.condition(Condition.READY)).map(Condition::message);
        if (!before.equals(status.condition(Condition.READY).map(Condition::message))) {
            LOG.warn("cluster {}/{}: {}", store.namespace(), cluster.name(), invalid.getMessage());
        }
        store.saveStatus(cluster.name(), status);
    }

    private static long generation(DatabaseCluster cluster) {
        Long generation = cluster.metadata().generation();
        return generation == null ? 0 : generation;
    }

    private static Map<String, String> endpoints(MemberRoster roster, String namespace, Engine engine) {
        Map<String, String> endpoints = new LinkedHashMap<>();
        for (MemberIdentity member : roster.members()) {
            Map<String, Integer> ports = KubernetesPorts.assign(engine.portNames(member.component()));
            String host = KubernetesLayout.host(member, namespace);
            endpoints.put(
                    member.name(),
                    ports.isEmpty()
                            ? host
                            : host + ":" + ports.values().iterator().next());
        }
        return endpoints;
    }
}
