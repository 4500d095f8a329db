package dev.marina.operator.controller;

import static java.util.Objects.requireNonNull;

import dev.marina.api.ClusterSpec;
import dev.marina.api.ClusterStatus;
import dev.marina.api.Condition;
import dev.marina.api.DatabaseCluster;
import dev.marina.api.DatabaseOperation;
import dev.marina.api.validation.InvalidDocumentException;
import dev.marina.control.engine.Engine;
import dev.marina.control.member.Credentials;
import dev.marina.control.store.StoredCluster;
import dev.marina.operator.crd.DatabaseClusterResource;
import dev.marina.operator.crd.DatabaseOperationResource;
import dev.marina.operator.render.ClusterObjects;
import dev.marina.operator.render.ObjectLabels;
import dev.marina.operator.runtime.KeptCopies;
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
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles one DatabaseCluster, as a flat chain of named steps:
 *
 * <ol>
 *   <li>read the cluster through the store (the resource, with the store's spec while it is ahead);
 *   <li>validate it with the REST API's validator; when invalid, write a Ready False condition naming the fields and
 *       stop: nothing else changes (no object, no stored state, no credentials);
 *   <li>save the defaults the validator filled in onto the resource (the version a cluster was created with does not
 *       move when a newer operator knows a newer one), only if the resource is still as it was read: an edit made
 *       meanwhile is never written over ({@link KubernetesStore#saveDefaults});
 *   <li>make sure its credentials exist (generated once, kept in the store);
 *   <li>plan the operations users created with kubectl (they have no status yet), under their own names;
 *   <li>render the cluster's own objects (Secrets, Services, disruption budgets, ServiceMonitor) and apply them
 *       ({@link ObjectApplier});
 *   <li>ask for larger volume claims where {@code storage.size} grew ({@link NamespaceControl#growVolumes});
 *   <li>run one pass of the control core ({@link NamespaceControl}): the same reconciler as on one machine, with the
 *       Kubernetes runtime creating each member's pod, volume claim and files, the pod agents doing the data work, the
 *       health monitor and failover, operations and rolling updates; then write the roles onto the pods.
 * </ol>
 *
 * <p>A changing cluster is looked at again after the control core's interval, a settled one after the resync interval;
 * the health monitor starts a pass at once when a member fails ({@link ClusterTrigger}), and so do changes to the
 * cluster's pods and operations.
 *
 * <p>On delete ({@link Cleaner}): a cluster with {@code spec.deletionProtection: true} keeps the finalizer and gets a
 * {@value RefusalStatus#DELETION_BLOCKED} condition saying how to lift it; any other is released by
 * {@link ClusterRelease} (volumes kept unless the resource carries {@value ClusterRelease#PURGE_ANNOTATION}).
 */
public final class ClusterController
        implements Reconciler<DatabaseClusterResource>, Cleaner<DatabaseClusterResource>, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterController.class);

    private final KubernetesClient client;
    private final ControlSettings settings;
    private final Clock clock;
    private final ClusterValidation validation;
    private final ClusterRelease release;
    private final ClusterTrigger trigger = new ClusterTrigger();
    private final Map<String, NamespaceControl> controls = new ConcurrentHashMap<>();
    private volatile InformerEventSource<DatabaseOperationResource, DatabaseClusterResource> operationSource;

    public ClusterController(KubernetesClient client, ControlSettings settings, Clock clock) {
        this.client = requireNonNull(client, "client is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.validation = new ClusterValidation(settings.engines());
        this.release = new ClusterRelease(client);
    }

    /**
     * The cluster's pods (found by their owner reference), its operations (found by the cluster they name, as one made
     * with kubectl has no label yet) and the health monitor's trigger.
     */
    @Override
    public List<EventSource<?, DatabaseClusterResource>> prepareEventSources(
            EventSourceContext<DatabaseClusterResource> context) {
        InformerEventSourceConfiguration<Pod> pods = InformerEventSourceConfiguration.from(
                        Pod.class, DatabaseClusterResource.class)
                .withLabelSelector(ObjectLabels.MANAGED_BY + "=" + ObjectLabels.MANAGER)
                // Its pods only start passes; the runtime reads them from its own informer.
                .withItemStore(KeptCopies.podOwners())
                .build();
        InformerEventSourceConfiguration<DatabaseOperationResource> operations = InformerEventSourceConfiguration.from(
                        DatabaseOperationResource.class, DatabaseClusterResource.class)
                .withSecondaryToPrimaryMapper(operation ->
                        operation.getSpec() == null || operation.getSpec().cluster() == null
                                ? Set.of()
                                : Set.of(new ResourceID(
                                        operation.getSpec().cluster(),
                                        operation.getMetadata().getNamespace())))
                .build();
        operationSource = new InformerEventSource<>(operations, context);
        return List.of(new InformerEventSource<>(pods, context), operationSource, trigger);
    }

    @Override
    public UpdateControl<DatabaseClusterResource> reconcile(
            DatabaseClusterResource resource, Context<DatabaseClusterResource> context) {
        String name = resource.getMetadata().getName();
        String namespace = resource.getMetadata().getNamespace();
        NamespaceControl control = control(namespace);
        KubernetesStore store = control.store();
        Optional<StoredCluster> found = store.findAsWritten(name);
        if (found.isEmpty()) {
            // Deleted since the event: nothing to do.
            return UpdateControl.noUpdate();
        }
        DatabaseCluster cluster = found.get().resource();
        Optional<ClusterStatus> previous = Optional.ofNullable(cluster.status());
        String uid = cluster.metadata().uid();
        Optional<ClusterSpec> accepted = uid == null ? Optional.empty() : store.acceptedSpec(name, uid);

        DatabaseCluster valid;
        try {
            valid = accepted.isPresent() && !accepted.get().equals(cluster.spec())
                    ? validation.validateChange(accepted.get(), cluster)
                    : validation.validate(cluster);
        } catch (InvalidDocumentException e) {
            if (accepted.isEmpty()) {
                // Never accepted: nothing runs, and nothing is made until the spec is fixed.
                refuseInvalid(store, cluster, previous, e);
                return UpdateControl.noUpdate();
            }
            // An edit of a running cluster: the members go on under the spec last accepted, failover and operations
            // under way included, and the status says why the edit waits.
            refuseEdit(store, cluster, previous, e);
            boolean changing = control.reconcile(name);
            return UpdateControl.<DatabaseClusterResource>noUpdate()
                    .rescheduleAfter(changing ? settings.reconcile().interval() : settings.resync());
        }
        previous.filter(RefusalStatus::hasRefusedEdit)
                .ifPresent(status -> store.saveStatus(name, RefusalStatus.editAccepted(status)));

        Optional<StoredCluster> stored = store.saveDefaults(valid, generation(cluster));
        if (stored.isEmpty()) {
            // Edited (or deleted) since it was read: the edit's own event brings a pass over it; never write it back.
            return UpdateControl.<DatabaseClusterResource>noUpdate()
                    .rescheduleAfter(settings.reconcile().interval());
        }
        DatabaseCluster saved = stored.get().resource();
        Engine engine = settings.engines().get(saved.spec().engine());
        Credentials secrets = control.credentials(name, engine);
        planNewOperations(control, namespace, name);
        List<HasMetadata> objects =
                ClusterObjects.renderShared(saved, namespace, engine, secrets, settings.kubernetes());
        control.applyShared(namespace + "/" + name, objects);
        control.growVolumes(saved);

        boolean changing = control.reconcile(name);
        return UpdateControl.<DatabaseClusterResource>noUpdate()
                .rescheduleAfter(changing ? settings.reconcile().interval() : settings.resync());
    }

    @Override
    public DeleteControl cleanup(DatabaseClusterResource resource, Context<DatabaseClusterResource> context) {
        String name = resource.getMetadata().getName();
        String namespace = resource.getMetadata().getNamespace();
        NamespaceControl control = control(namespace);
        KubernetesStore store = control.store();
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
        control.forget(name);
        release.release(store, name, purge);
        return DeleteControl.defaultDelete();
    }

    /** Stops every namespace's health monitor. */
    @Override
    public void close() {
        controls.values().forEach(NamespaceControl::close);
        controls.clear();
    }

    private NamespaceControl control(String namespace) {
        return controls.computeIfAbsent(
                namespace, key -> new NamespaceControl(client, key, settings, validation.validator(), clock, trigger));
    }

    /**
     * Plans each operation of the cluster that a user created with kubectl and that has no status yet, under its own
     * name; a refused one is finished as failed, with the reason.
     */
    private void planNewOperations(NamespaceControl control, String namespace, String cluster) {
        InformerEventSource<DatabaseOperationResource, DatabaseClusterResource> source = operationSource;
        if (source == null) {
            return;
        }
        List<DatabaseOperationResource> requested = source.list(
                        namespace,
                        operation -> operation.getStatus() == null
                                && operation.getSpec() != null
                                && cluster.equals(operation.getSpec().cluster()))
                .sorted(Comparator.comparing((DatabaseOperationResource operation) ->
                                Objects.toString(operation.getMetadata().getCreationTimestamp(), ""))
                        .thenComparing(operation -> operation.getMetadata().getName()))
                .toList();
        for (DatabaseOperationResource operation : requested) {
            // The informer may not have seen the status the previous pass wrote: the store's copy decides.
            boolean planned = control.store()
                    .operation(operation.getMetadata().getName())
                    .map(stored -> stored.status() != null)
                    .orElse(true);
            if (planned) {
                continue;
            }
            DatabaseOperation accepted =
                    control.operations().accept(operation.getMetadata().getName(), operation.getSpec());
            LOG.info(
                    "cluster {}/{}: operation {} ({}): {}",
                    namespace,
                    cluster,
                    accepted.name(),
                    accepted.spec().type(),
                    accepted.status().phase()
                            + (accepted.status().message() == null
                                    ? ""
                                    : ", " + accepted.status().message()));
        }
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

    private void refuseEdit(
            KubernetesStore store,
            DatabaseCluster cluster,
            Optional<ClusterStatus> previous,
            InvalidDocumentException invalid) {
        ClusterStatus status = RefusalStatus.invalidEdit(
                previous, invalid.errors(), generation(cluster), clock.instant().toString());
        Optional<Condition> before = previous.flatMap(earlier -> earlier.condition(RefusalStatus.SPEC_ACCEPTED));
        Optional<Condition> now = status.condition(RefusalStatus.SPEC_ACCEPTED);
        if (before.map(Condition::message).equals(now.map(Condition::message))
                && before.map(Condition::observedGeneration).equals(now.map(Condition::observedGeneration))) {
            // Said already: a pass every few seconds must not write the same status again.
            return;
        }
        LOG.warn(
                "cluster {}/{}: generation {} refused, the members go on under the spec last accepted: {}",
                store.namespace(),
                cluster.name(),
                generation(cluster),
                invalid.getMessage());
        store.saveStatus(cluster.name(), status);
    }

    private static long generation(DatabaseCluster cluster) {
        Long generation = cluster.metadata().generation();
        return generation == null ? 0 : generation;
    }
}
