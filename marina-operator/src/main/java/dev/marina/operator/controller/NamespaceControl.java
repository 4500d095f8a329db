package dev.marina.operator.controller;

import static java.util.Objects.requireNonNull;

import dev.marina.api.DatabaseCluster;
import dev.marina.api.validation.ClusterValidator;
import dev.marina.control.engine.Engine;
import dev.marina.control.event.EventRecorder;
import dev.marina.control.health.HealthMonitor;
import dev.marina.control.member.Credentials;
import dev.marina.control.operation.OperationLedger;
import dev.marina.control.operation.OperationService;
import dev.marina.control.reconcile.ClusterReconciler;
import dev.marina.control.service.NotFoundException;
import dev.marina.operator.agent.PodAgentClient;
import dev.marina.operator.runtime.ClaimExpansion;
import dev.marina.operator.runtime.KubernetesRuntime;
import dev.marina.operator.runtime.OwnedObjects;
import dev.marina.operator.runtime.PodCache;
import dev.marina.operator.runtime.RoleLabels;
import dev.marina.operator.store.ClusterResources;
import dev.marina.operator.store.KubernetesStore;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.util.List;
import java.util.function.Function;

/**
 * The control core for the clusters of one namespace, as the local control plane runs it for one machine: the store,
 * the Kubernetes runtime, the health monitor (which starts a pass through the trigger when a member fails or comes
 * back), the reconciler, the operations, and the role labels written after each pass.
 */
final class NamespaceControl implements AutoCloseable {

    private final KubernetesStore store;
    private final HealthMonitor monitor;
    private final ClusterReconciler reconciler;
    private final OperationService operations;
    private final RoleLabels roles;
    private final PodCache pods;
    private final ClusterResources clusters;
    private final OwnedObjects owned;
    private final ObjectApplier applier;
    private final ClaimExpansion claims;
    private final EventRecorder events;
    private final String defaultStorageSize;

    NamespaceControl(
            KubernetesClient client,
            String namespace,
            ControlSettings settings,
            ClusterValidator validator,
            Clock clock,
            ClusterTrigger trigger) {
        requireNonNull(client, "client is null");
        requireNonNull(namespace, "namespace is null");
        requireNonNull(settings, "settings is null");
        requireNonNull(trigger, "trigger is null");
        Function<String, Engine> engines = name -> {
            Engine engine = settings.engines().get(name);
            if (engine == null) {
                throw new NotFoundException("no engine named " + name);
            }
            return engine;
        };
        this.clusters = ClusterResources.start(client, namespace);
        this.store = new KubernetesStore(client, namespace, clock, clusters);
        this.pods = PodCache.start(client, namespace);
        // Someone deleted a cluster's Service or Secret: its pass puts it back now, not at the next resync.
        try {
            this.owned = OwnedObjects.start(
                    client,
                    namespace,
                    settings.kubernetes().serviceMonitor(),
                    cluster -> trigger.trigger(namespace, cluster));
        } catch (RuntimeException e) {
            // The pass fails and is retried, building all this again: the informers must not stay behind.
            pods.close();
            clusters.close();
            throw e;
        }
        this.applier = new ObjectApplier(client, owned);
        KubernetesRuntime runtime = new KubernetesRuntime(
                client,
                store,
                namespace,
                engines,
                settings.kubernetes(),
                settings.agentAddresses().apply(namespace),
                PodAgentClient.httpClient(),
                settings.podTimeout(),
                pods,
                owned);
        this.claims = new ClaimExpansion(client, namespace, pods);
        this.events = new EventRecorder(store);
        this.defaultStorageSize = settings.kubernetes().defaultStorageSize();
        this.monitor = new HealthMonitor(runtime);
        OperationLedger ledger = new OperationLedger(store);
        // A pass picks queued operations up: the SDK starts one for the cluster when the operation's resource changes.
        this.operations =
                new OperationService(store, ledger, validator, clock, cluster -> trigger.trigger(namespace, cluster));
        this.reconciler = new ClusterReconciler(
                engines, runtime, store, events, clock, settings.reconcile(), monitor, ledger, operations::imply);
        this.roles = new RoleLabels(client, store, namespace, pods);
        monitor.onChange(cluster -> trigger.trigger(namespace, cluster));
        monitor.start();
    }

    KubernetesStore store() {
        return store;
    }

    /**
     * Creates or updates the cluster's own objects (Secrets, Services, budgets, ServiceMonitor) to {@code objects}.
     *
     * @param cluster the cluster's name with its namespace, for the log
     */
    void applyShared(String cluster, List<HasMetadata> objects) {
        applier.apply(cluster, objects);
    }

    /** The cluster's credentials, generated the first time, as the control core's passes use them. */
    Credentials credentials(String cluster, Engine engine) {
        return reconciler.credentials(cluster, engine);
    }

    OperationService operations() {
        return operations;
    }

    /**
     * One pass of the control core over {@code cluster}, then its pods' role labels from the status the pass saved.
     *
     * @return whether to look again soon: the cluster is changing
     */
    boolean reconcile(String cluster) {
        boolean again = reconciler.reconcile(cluster);
        roles.publish(cluster);
        return again;
    }

    /**
     * Asks for larger volumes where the spec's {@code storage.size} grew, and records in the cluster's events what was
     * asked for or refused.
     */
    void growVolumes(DatabaseCluster cluster) {
        for (ClaimExpansion.Outcome outcome : claims.expand(cluster, defaultStorageSize)) {
            if (outcome.requested()) {
                events.normal(
                        cluster.name(),
                        outcome.member(),
                        "VolumeExpanding",
                        "volume claim " + outcome.claim() + " asked to grow from " + outcome.from() + " to "
                                + outcome.to() + "; the storage driver grows the volume and its file system");
            } else {
                events.warning(
                        cluster.name(),
                        outcome.member(),
                        "VolumeNotExpanded",
                        "volume claim " + outcome.claim() + " stays at " + outcome.from() + " (spec asks "
                                + outcome.to() + "): " + outcome.refusal().orElseThrow());
            }
        }
    }

    /** Stops probing the members of a cluster that is gone. */
    void forget(String cluster) {
        monitor.forget(cluster);
        claims.forget(cluster);
    }

    @Override
    public void close() {
        monitor.close();
        pods.close();
        clusters.close();
        owned.close();
    }
}
