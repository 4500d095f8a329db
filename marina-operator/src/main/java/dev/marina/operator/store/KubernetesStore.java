package dev.marina.operator.store;

import static dev.marina.operator.store.StoredClusters.generationOf;
import static java.util.Objects.requireNonNull;

import dev.marina.api.ClusterSpec;
import dev.marina.api.ClusterStatus;
import dev.marina.api.DatabaseCluster;
import dev.marina.api.DatabaseOperation;
import dev.marina.api.http.ClusterEvent;
import dev.marina.control.member.MemberRecord;
import dev.marina.control.step.StepProgress;
import dev.marina.control.store.ClusterStore;
import dev.marina.control.store.Leadership;
import dev.marina.control.store.StoredCluster;
import dev.marina.operator.store.ClusterState.Deletion;
import dev.marina.operator.store.ClusterState.StoredSpec;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The store on the Kubernetes API, in one namespace:
 *
 * <ul>
 *   <li>a cluster is a {@code DatabaseCluster} custom resource: metadata and spec, and the status written through its
 *       status subresource; its {@code metadata.generation}, kept by the API server, is the cluster's generation;
 *   <li>everything else of a cluster is in one state ConfigMap, {@code <cluster>-marina-state} ({@link ClusterState}),
 *       changed by read-modify-write with its resourceVersion, so each call is atomic also against other processes;
 *   <li>secrets in one Secret, {@code <cluster>-marina-secrets} ({@link ClusterSecrets});
 *   <li>events as core/v1 Events ({@link ClusterEvents}); operations as {@code DatabaseOperation} custom resources.
 * </ul>
 *
 * <p>A spec changed through the store is written to the state ConfigMap first (with the members an operation marks
 * leaving, in the same write) and then copied to the resource. The state's spec is the one the control core acts on
 * while it is ahead of the resource's (a higher generation: the copy has not landed, as after a crash between the two
 * writes); otherwise the resource's spec is, which is how an edit with kubectl reaches the control core. The next write
 * of the cluster, or of its status, finishes a copy that did not land.
 *
 * <p>The client is the caller's: {@link #close()} leaves it open.
 */
public final class KubernetesStore implements ClusterStore {

    private final KubernetesClient client;
    private final String namespace;
    private final Clock clock;
    private final ClusterStates states;
    private final ClusterSecrets secrets;
    private final ClusterEvents events;
    private final EventIds eventIds = new EventIds();
    /** Null when every read asks the API server. */
    private final ClusterResources resources;

    private final OperationSequence operationSequence;
    private final ClusterLocks locks = new ClusterLocks();

    public KubernetesStore(KubernetesClient client, String namespace, Clock clock) {
        this(client, namespace, clock, null);
    }

    /**
     * A store whose reads of the DatabaseClusters for the control core come from {@code resources}, an informer the
     * caller started and closes; null: from the API server each time.
     */
    public KubernetesStore(KubernetesClient client, String namespace, Clock clock, ClusterResources resources) {
        this.resources = resources;
        this.client = requireNonNull(client, "client is null");
        this.namespace = requireNonNull(namespace, "namespace is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.states = new ClusterStates(client, namespace);
        this.secrets = new ClusterSecrets(client, namespace);
        this.events = new ClusterEvents(client, namespace);
        this.operationSequence = new OperationSequence(client, namespace);
    }

    public String namespace() {
        return namespace;
    }

    // Clusters

    @Override
    public Optional<StoredCluster> find(String name) {
        requireNonNull(name, "name is null");
        GenericKubernetesResource resource =
                resources == null ? getCluster(name) : resources.get(name).orElseGet(() -> getCluster(name));
        return resource == null ? Optional.empty() : Optional.of(StoredClusters.of(resource, states.read(name)));
    }

    /**
     * The resource as written, also at a generation the operator has not accepted yet: what the operator checks.
     * {@link #find} gives the control core the spec it acts on instead, the one last accepted.
     */
    public Optional<StoredCluster> findAsWritten(String name) {
        requireNonNull(name, "name is null");
        GenericKubernetesResource resource = getCluster(name);
        return resource == null ? Optional.empty() : Optional.of(StoredClusters.asWritten(resource, states.read(name)));
    }

    /**
     * The spec the control core acts on for the resource with {@code uid}: the last one {@link #saveDefaults} accepted
     * or a store write made; empty before the first.
     */
    public Optional<ClusterSpec> acceptedSpec(String name, String uid) {
        requireNonNull(name, "name is null");
        requireNonNull(uid, "uid is null");
        return states.read(name).specOf(uid).map(StoredSpec::spec);
    }

    @Override
    public List<StoredCluster> list() {
        List<GenericKubernetesResource> found;
        try {
            found = resources == null ? clusters().list().getItems() : resources.list();
        } catch (KubernetesClientException e) {
            throw KubernetesFailure.of("list", "DatabaseClusters in namespace " + namespace, e);
        }
        Map<String, ClusterState> byCluster = states.readAll();
        return found.stream()
                .sorted(Comparator.comparing(resource -> resource.getMetadata().getName()))
                .map(resource -> StoredClusters.of(
                        resource, byCluster.getOrDefault(resource.getMetadata().getName(), ClusterState.EMPTY)))
                .toList();
    }

    @Override
    public Saved save(DatabaseCluster cluster) {
        requireNonNull(cluster, "cluster is null");
        return locks.holding(name(cluster), () -> saveHolding(cluster, List.of()));
    }

    /**
     * Writes onto its resource the defaults a validator filled into {@code cluster}, only while the resource is still at
     * {@code generation}, the one {@code cluster} was read at: an edit that landed since (kubectl, GitOps) is never
     * overwritten with the older spec; it starts a pass of its own. The resource is written first, over the
     * resourceVersion it was read at (a conflict writes nothing), then the state records the spec with the generation
     * the API server gave it. The operator's save; the control core's own saves go through {@link #save}.
     *
     * @return the cluster as stored now, or empty when the resource moved on or is gone
     */
    public Optional<StoredCluster> saveDefaults(DatabaseCluster cluster, long generation) {
        requireNonNull(cluster, "cluster is null");
        String name = name(cluster);
        return locks.holding(name, () -> {
            GenericKubernetesResource resource = getCluster(name);
            if (resource == null) {
                return Optional.<StoredCluster>empty();
            }
            // An earlier save that did not reach the resource is finished first, as every read does.
            resource = settle(name, resource, states.read(name));
            if (generationOf(resource, 0) != generation) {
                return Optional.<StoredCluster>empty();
            }
            GenericKubernetesResource written = resource;
            // The spec only: labels and annotations edited since the pass read the resource leave its generation as it
            // was, and writing the pass's older copies would undo them (a purge annotation, found by a flaky test).
            if (!ResourceConversion.hasSpec(resource, cluster)) {
                ResourceConversion.setSpec(resource, cluster);
                try {
                    written = clusters().resource(resource).update();
                    wrote(written);
                } catch (KubernetesClientException e) {
                    if (KubernetesFailure.isConflict(e) || KubernetesFailure.isNotFound(e)) {
                        return Optional.<StoredCluster>empty();
                    }
                    throw KubernetesFailure.of("write", clusterObject(name), e);
                }
            }
            String uid = written.getMetadata().getUid();
            long writtenGeneration = generationOf(written, 0);
            ClusterState state = states.update(
                    name, before -> before.withSpec(new StoredSpec(uid, writtenGeneration, cluster.spec())));
            return Optional.of(StoredClusters.of(written, state));
        });
    }

    @Override
    public Saved saveWithMembers(DatabaseCluster cluster, List<MemberRecord> members) {
        requireNonNull(cluster, "cluster is null");
        List<MemberRecord> records = List.copyOf(requireNonNull(members, "members is null"));
        return locks.holding(name(cluster), () -> saveHolding(cluster, records));
    }

    private Saved saveHolding(DatabaseCluster cluster, List<MemberRecord> members) {
        String name = cluster.name();
        GenericKubernetesResource resource = getCluster(name);
        if (resource == null) {
            Optional<GenericKubernetesResource> created = createCluster(cluster);
            if (created.isPresent()) {
                String uid = created.get().getMetadata().getUid();
                long generation = generationOf(created.get(), 1);
                ClusterState state = states.update(
                        name,
                        before -> before.withSpec(new StoredSpec(uid, generation, cluster.spec()))
                                // A deletion asked for an earlier cluster of this name does not concern this one.
                                .withDeletion(null)
                                .withMembers(members));
                return new Saved(StoredClusters.of(created.get(), state), "created");
            }
            // Another process created it first: this save changes it.
            resource = getCluster(name);
        }
        resource = settle(name, resource, states.read(name));
        DatabaseCluster current = ResourceConversion.toCluster(resource);
        boolean specChanged = !Objects.equals(current.spec(), cluster.spec());
        boolean metadataChanged = !current.metadata()
                        .labels()
                        .equals(cluster.metadata().labels())
                || !current.metadata().annotations().equals(cluster.metadata().annotations());
        if (specChanged || !members.isEmpty()) {
            // The commit point: from here on the control core acts on this spec, with these members.
            String uid = current.metadata().uid();
            long next = generationOf(resource, 0) + (specChanged ? 1 : 0);
            states.update(name, before -> {
                ClusterState withMembers = before.withMembers(members);
                return specChanged ? withMembers.withSpec(new StoredSpec(uid, next, cluster.spec())) : withMembers;
            });
        }
        if (specChanged || metadataChanged) {
            resource = copyToResource(name, cluster);
        }
        return new Saved(
                StoredClusters.of(resource, states.read(name)),
                specChanged || metadataChanged ? "configured" : "unchanged");
    }

    @Override
    public void saveStatus(String name, ClusterStatus status) {
        requireNonNull(name, "name is null");
        locks.holding(name, () -> {
            try {
                ConflictRetry.run(clusterObject(name), () -> {
                    GenericKubernetesResource fresh = clusters().withName(name).get();
                    if (fresh == null) {
                        return null;
                    }
                    // A spec copy that did not land is finished first, as every write does.
                    fresh = settle(name, fresh, states.read(name));
                    if (!ResourceConversion.hasStatus(fresh, status)) {
                        ResourceConversion.setStatus(fresh, status);
                        wrote(clusters().resource(fresh).updateStatus());
                    }
                    return null;
                });
            } catch (KubernetesClientException e) {
                // Deleted since it was read: like a missing cluster, nothing to do.
                if (!KubernetesFailure.isNotFound(e)) {
                    throw KubernetesFailure.of("write the status of", clusterObject(name), e);
                }
            }
        });
    }

    @Override
    public void markDeleting(String name, boolean purge) {
        requireNonNull(name, "name is null");
        locks.holding(name, () -> {
            GenericKubernetesResource resource = getCluster(name);
            if (resource != null) {
                String uid = resource.getMetadata().getUid();
                states.update(name, state -> state.withDeletion(new Deletion(uid, purge)));
            }
        });
    }

    @Override
    public void delete(String name, boolean purge) {
        requireNonNull(name, "name is null");
        locks.holding(name, () -> {
            // The resource goes after what the purge removes and before the state, so that a crash part-way leaves a
            // cluster still marked for deletion, or no resource and the state a plain delete keeps.
            if (purge) {
                deleteOperations(name);
                events.deleteAll(name);
                secrets.delete(name);
            }
            try {
                clusters().withName(name).delete();
                if (resources != null) {
                    resources.deleted(name);
                }
            } catch (KubernetesClientException e) {
                throw KubernetesFailure.of("delete", clusterObject(name), e);
            }
            if (purge) {
                states.delete(name);
                eventIds.forget(name);
            } else {
                // What belonged to the resource (its spec, the delete asked, the pass under way) goes with it.
                states.update(
                        name, state -> state.withSpec(null).withDeletion(null).withProgress(List.of()));
            }
        });
    }

    // Members

    @Override
    public List<MemberRecord> members(String cluster) {
        requireNonNull(cluster, "cluster is null");
        return List.copyOf(states.read(cluster).members().values());
    }

    @Override
    public void saveMember(String cluster, MemberRecord member) {
        requireNonNull(cluster, "cluster is null");
        requireNonNull(member, "member is null");
        locks.holding(cluster, () -> states.update(cluster, state -> state.withMembers(List.of(member))));
    }

    @Override
    public void deleteMember(String cluster, String member) {
        requireNonNull(cluster, "cluster is null");
        requireNonNull(member, "member is null");
        locks.holding(cluster, () -> states.update(cluster, state -> state.withoutMember(member)));
    }

    @Override
    public int nextOrdinal(String cluster, String component) {
        requireNonNull(cluster, "cluster is null");
        requireNonNull(component, "component is null");
        return locks.holding(
                cluster,
                () -> states.update(cluster, state -> state.withOrdinalTaken(component))
                                .nextOrdinal(component)
                        - 1);
    }

    @Override
    public boolean isInitialized(String cluster) {
        requireNonNull(cluster, "cluster is null");
        return states.read(cluster).initialized();
    }

    @Override
    public void markInitialized(String cluster) {
        requireNonNull(cluster, "cluster is null");
        locks.holding(cluster, () -> states.update(cluster, ClusterState::markedInitialized));
    }

    @Override
    public Optional<Leadership> leadership(String cluster) {
        requireNonNull(cluster, "cluster is null");
        return Optional.ofNullable(states.read(cluster).leadership());
    }

    @Override
    public void saveLeadership(String cluster, Leadership leadership) {
        requireNonNull(cluster, "cluster is null");
        requireNonNull(leadership, "leadership is null");
        locks.holding(cluster, () -> states.update(cluster, state -> state.withLeadership(leadership)));
    }

    // Secrets

    @Override
    public Optional<String> secret(String cluster, String key) {
        requireNonNull(cluster, "cluster is null");
        requireNonNull(key, "key is null");
        return secrets.read(cluster, key);
    }

    @Override
    public void saveSecret(String cluster, String key, String value) {
        requireNonNull(cluster, "cluster is null");
        requireNonNull(key, "key is null");
        requireNonNull(value, "value is null");
        locks.holding(cluster, () -> secrets.save(cluster, key, value));
    }

    // Events

    @Override
    public ClusterEvent appendEvent(String cluster, String member, String type, String reason, String message) {
        requireNonNull(cluster, "cluster is null");
        requireNonNull(type, "type is null");
        requireNonNull(reason, "reason is null");
        requireNonNull(message, "message is null");
        return locks.holding(cluster, () -> {
            long id = eventIds.next(cluster, states);
            ClusterState state = states.read(cluster);
            String uid = state.spec() == null ? null : state.spec().uid();
            return events.append(cluster, uid, id, member, type, reason, message, clock.instant());
        });
    }

    @Override
    public List<ClusterEvent> events(String cluster, int limit) {
        requireNonNull(cluster, "cluster is null");
        return events.newest(cluster, limit);
    }

    // Operations

    @Override
    public void saveOperation(DatabaseOperation operation) {
        requireNonNull(operation, "operation is null");
        requireNonNull(operation.name(), "operation name is null");
        String cluster = requireNonNull(operation.spec().cluster(), "operation cluster is null");
        String object = "DatabaseOperation " + namespace + "/" + operation.name();
        locks.holding(cluster, () -> {
            try {
                ConflictRetry.run(object, () -> {
                    saveOperationOnce(operation);
                    return null;
                });
            } catch (KubernetesClientException e) {
                throw KubernetesFailure.of("write", object, e);
            }
        });
    }

    /** One attempt: a new operation is created and then given its status; a known one changed where it differs. */
    private void saveOperationOnce(DatabaseOperation operation) {
        GenericKubernetesResource existing =
                operations().withName(operation.name()).get();
        long sequence = existing == null || ResourceConversion.sequence(existing) == Long.MAX_VALUE
                ? operationSequence.next()
                : ResourceConversion.sequence(existing);
        GenericKubernetesResource desired = ResourceConversion.operation(operation, namespace, sequence);
        GenericKubernetesResource written;
        if (existing == null) {
            written = operations().resource(desired).create();
        } else if (!ResourceConversion.sameSpecAndMetadata(existing, desired)) {
            desired.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
            written = operations().resource(desired).update();
        } else {
            written = existing;
        }
        ResourceConversion.setStatus(desired, operation.status());
        if (!ResourceConversion.sameStatus(written, desired)) {
            ResourceConversion.setStatus(written, operation.status());
            operations().resource(written).updateStatus();
        }
    }

    @Override
    public Optional<DatabaseOperation> operation(String name) {
        requireNonNull(name, "name is null");
        try {
            return Optional.ofNullable(operations().withName(name).get()).map(ResourceConversion::toOperation);
        } catch (KubernetesClientException e) {
            throw KubernetesFailure.of("read", "DatabaseOperation " + namespace + "/" + name, e);
        }
    }

    @Override
    public List<DatabaseOperation> operations(String cluster) {
        List<GenericKubernetesResource> resources;
        try {
            resources = cluster == null
                    ? operations().list().getItems()
                    : operations()
                            .withLabel(StoreObjects.CLUSTER_LABEL, cluster)
                            .list()
                            .getItems();
        } catch (KubernetesClientException e) {
            throw KubernetesFailure.of("list", "DatabaseOperations in namespace " + namespace, e);
        }
        return resources.stream()
                .sorted(Comparator.comparingLong(ResourceConversion::sequence)
                        .thenComparing(resource ->
                                Objects.toString(resource.getMetadata().getCreationTimestamp(), ""))
                        .thenComparing(resource -> resource.getMetadata().getName()))
                .map(ResourceConversion::toOperation)
                .toList();
    }

    private void deleteOperations(String cluster) {
        try {
            operations().withLabel(StoreObjects.CLUSTER_LABEL, cluster).delete();
        } catch (KubernetesClientException e) {
            throw KubernetesFailure.of("delete", "DatabaseOperations of cluster " + cluster, e);
        }
    }

    // Progress

    @Override
    public void saveProgress(String cluster, List<StepProgress> progress) {
        requireNonNull(cluster, "cluster is null");
        List<StepProgress> steps = List.copyOf(requireNonNull(progress, "progress is null"));
        locks.holding(cluster, () -> states.update(cluster, state -> state.withProgress(steps)));
    }

    @Override
    public List<StepProgress> progress(String cluster) {
        requireNonNull(cluster, "cluster is null");
        return states.read(cluster).progress();
    }

    /** Leaves the client open: it was given to this store, and its owner closes it. */
    @Override
    public void close() {}

    // The cluster resource

    /** Finishes a spec copy that did not land (see the class comment); returns the resource as it now is. */
    private GenericKubernetesResource settle(String name, GenericKubernetesResource resource, ClusterState state) {
        DatabaseCluster current = ResourceConversion.toCluster(resource);
        Optional<StoredSpec> ahead =
                state.specOf(current.metadata().uid()).filter(spec -> spec.generation() > generationOf(resource, 0));
        if (ahead.isEmpty()) {
            return resource;
        }
        return copyToResource(name, current.withSpec(ahead.get().spec()));
    }

    /**
     * Writes the spec, labels and annotations of {@code cluster} to the resource as it now is (again on a conflict: the
     * last writer wins, as in every store), then records in the state the generation the API server gave that spec.
     */
    private GenericKubernetesResource copyToResource(String name, DatabaseCluster cluster) {
        GenericKubernetesResource written;
        try {
            written = ConflictRetry.run(clusterObject(name), () -> {
                GenericKubernetesResource current = clusters().withName(name).get();
                if (current == null) {
                    throw new IllegalStateException(clusterObject(name) + " was deleted while being saved");
                }
                if (ResourceConversion.hasSpecAndMetadata(current, cluster)) {
                    return current;
                }
                ResourceConversion.setSpecAndMetadata(current, cluster);
                return wrote(clusters().resource(current).update());
            });
        } catch (KubernetesClientException e) {
            throw KubernetesFailure.of("write", clusterObject(name), e);
        }
        String uid = written.getMetadata().getUid();
        long generation = generationOf(written, 0);
        states.update(
                name,
                before -> before.specOf(uid)
                        .filter(spec -> spec.spec().equals(cluster.spec()) && spec.generation() != generation)
                        .map(spec -> before.withSpec(new StoredSpec(uid, generation, spec.spec())))
                        .orElse(before));
        return written;
    }

    /** The new resource, or empty when another process created one of this name first. */
    private Optional<GenericKubernetesResource> createCluster(DatabaseCluster cluster) {
        try {
            return Optional.of(wrote(clusters()
                    .resource(ResourceConversion.newCluster(cluster, namespace))
                    .create()));
        } catch (KubernetesClientException e) {
            if (KubernetesFailure.isConflict(e)) {
                return Optional.empty();
            }
            throw KubernetesFailure.of("create", clusterObject(cluster.name()), e);
        }
    }

    /** Returns {@code resource}, remembered as this store's latest write of it. */
    private GenericKubernetesResource wrote(GenericKubernetesResource resource) {
        if (resources != null) {
            resources.wrote(resource);
        }
        return resource;
    }

    private GenericKubernetesResource getCluster(String name) {
        try {
            return clusters().withName(name).get();
        } catch (KubernetesClientException e) {
            throw KubernetesFailure.of("read", clusterObject(name), e);
        }
    }

    private static String name(DatabaseCluster cluster) {
        requireNonNull(cluster.metadata(), "cluster metadata is null");
        return requireNonNull(cluster.name(), "cluster name is null");
    }

    private String clusterObject(String name) {
        return "DatabaseCluster " + namespace + "/" + name;
    }

    private NonNamespaceOperation<
                    GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>>
            clusters() {
        return client.genericKubernetesResources(StoreObjects.CLUSTERS).inNamespace(namespace);
    }

    private NonNamespaceOperation<
                    GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>>
            operations() {
        return client.genericKubernetesResources(StoreObjects.OPERATIONS).inNamespace(namespace);
    }
}
