package dev.marina.testkit;

import static java.util.Objects.requireNonNull;

import dev.marina.api.ClusterStatus;
import dev.marina.api.DatabaseCluster;
import dev.marina.api.DatabaseOperation;
import dev.marina.api.ObjectMeta;
import dev.marina.api.http.ClusterEvent;
import dev.marina.control.member.MemberRecord;
import dev.marina.control.step.StepProgress;
import dev.marina.control.store.ClusterStore;
import dev.marina.control.store.Leadership;
import dev.marina.control.store.StoredCluster;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A {@link ClusterStore} in memory, with the embedded store's semantics: generation 1 on create and + 1 on a changed
 * spec; ordinals never reused, also after a member is deleted; a delete without purge keeps members, secrets,
 * ordinals and events, a delete with purge removes them. Thread-safe. Passes {@link ClusterStoreContract}.
 */
public final class InMemoryStore implements ClusterStore {

    /** Everything stored; shared by the handles {@link #reopen} makes, as an embedded store's files are. */
    private static final class Data {
        final Map<String, StoredCluster> clusters = new TreeMap<>();
        final Map<String, Map<String, MemberRecord>> members = new HashMap<>();
        final Map<String, Map<String, Integer>> nextOrdinals = new HashMap<>();
        final Map<String, Map<String, String>> secrets = new HashMap<>();
        final java.util.Set<String> initialized = new java.util.HashSet<>();
        final List<ClusterEvent> events = new ArrayList<>();
        final Map<String, List<StepProgress>> progress = new HashMap<>();
        final Map<String, Leadership> leadership = new HashMap<>();
        final Map<String, DatabaseOperation> operations = new java.util.LinkedHashMap<>();
        long lastEventId;
        long lastUid;
    }

    private final Clock clock;
    private final Data data;
    private final Object lock;
    private boolean closed;

    public InMemoryStore() {
        this(Clock.systemUTC());
    }

    public InMemoryStore(Clock clock) {
        this(clock, new Data());
    }

    private InMemoryStore(Clock clock, Data data) {
        this.clock = requireNonNull(clock, "clock is null");
        this.data = data;
        this.lock = data;
    }

    /**
     * Opens this store again after it was closed, on the same data, as a restarted control plane opens its embedded
     * store: for tests of what survives a restart.
     */
    public InMemoryStore reopen() {
        synchronized (lock) {
            if (!closed) {
                throw new IllegalStateException("the store is still open; close it before opening it again");
            }
            return new InMemoryStore(clock, data);
        }
    }

    @Override
    public Optional<StoredCluster> find(String name) {
        synchronized (lock) {
            checkOpen();
            return Optional.ofNullable(data.clusters.get(name));
        }
    }

    @Override
    public List<StoredCluster> list() {
        synchronized (lock) {
            checkOpen();
            return List.copyOf(data.clusters.values());
        }
    }

    @Override
    public Saved save(DatabaseCluster cluster) {
        requireNonNull(cluster, "cluster is null");
        synchronized (lock) {
            checkOpen();
            StoredCluster existing = data.clusters.get(cluster.name());
            if (existing == null) {
                data.lastUid++;
                ObjectMeta metadata = cluster.metadata()
                        .withGeneration(1)
                        .withIdentity(
                                new UUID(0, data.lastUid).toString(),
                                clock.instant().toString());
                DatabaseCluster created = new DatabaseCluster(
                        DatabaseCluster.API_VERSION, DatabaseCluster.KIND, metadata, cluster.spec(), null);
                StoredCluster stored = new StoredCluster(created, false, false);
                data.clusters.put(cluster.name(), stored);
                return new Saved(stored, "created");
            }
            DatabaseCluster before = existing.resource();
            boolean specChanged = !Objects.equals(before.spec(), cluster.spec());
            boolean metadataChanged = !Objects.equals(
                            before.metadata().labels(), cluster.metadata().labels())
                    || !Objects.equals(
                            before.metadata().annotations(), cluster.metadata().annotations());
            if (!specChanged && !metadataChanged) {
                return new Saved(existing, "unchanged");
            }
            ObjectMeta metadata = new ObjectMeta(
                    before.name(),
                    cluster.metadata().labels(),
                    cluster.metadata().annotations(),
                    existing.generation() + (specChanged ? 1 : 0),
                    before.metadata().uid(),
                    before.metadata().creationTimestamp());
            DatabaseCluster updated =
                    new DatabaseCluster(before.apiVersion(), before.kind(), metadata, cluster.spec(), before.status());
            StoredCluster stored = new StoredCluster(updated, existing.deleting(), existing.purge());
            data.clusters.put(cluster.name(), stored);
            return new Saved(stored, "configured");
        }
    }

    @Override
    public void saveStatus(String name, ClusterStatus status) {
        synchronized (lock) {
            checkOpen();
            StoredCluster existing = data.clusters.get(name);
            if (existing != null) {
                data.clusters.put(
                        name,
                        new StoredCluster(
                                existing.resource().withStatus(status), existing.deleting(), existing.purge()));
            }
        }
    }

    @Override
    public void markDeleting(String name, boolean purge) {
        synchronized (lock) {
            checkOpen();
            StoredCluster existing = data.clusters.get(name);
            if (existing != null) {
                data.clusters.put(name, new StoredCluster(existing.resource(), true, purge));
            }
        }
    }

    @Override
    public void delete(String name, boolean purge) {
        synchronized (lock) {
            checkOpen();
            data.clusters.remove(name);
            data.progress.remove(name);
            if (purge) {
                data.members.remove(name);
                data.nextOrdinals.remove(name);
                data.secrets.remove(name);
                data.initialized.remove(name);
                data.leadership.remove(name);
                data.operations
                        .values()
                        .removeIf(operation -> operation.spec().cluster().equals(name));
                data.events.removeIf(event -> event.cluster().equals(name));
            }
        }
    }

    @Override
    public List<MemberRecord> members(String cluster) {
        synchronized (lock) {
            checkOpen();
            // Ordered by name, as the embedded store returns them.
            return List.copyOf(new TreeMap<>(data.members.getOrDefault(cluster, Map.of())).values());
        }
    }

    @Override
    public void saveMember(String cluster, MemberRecord member) {
        requireNonNull(member, "member is null");
        synchronized (lock) {
            checkOpen();
            data.members.computeIfAbsent(cluster, key -> new HashMap<>()).put(member.name(), member);
        }
    }

    @Override
    public void deleteMember(String cluster, String member) {
        synchronized (lock) {
            checkOpen();
            Map<String, MemberRecord> records = data.members.get(cluster);
            if (records != null) {
                records.remove(member);
            }
        }
    }

    @Override
    public Saved saveWithMembers(DatabaseCluster cluster, List<MemberRecord> members) {
        synchronized (lock) {
            Saved saved = save(cluster);
            for (MemberRecord member : members) {
                saveMember(cluster.name(), member);
            }
            return saved;
        }
    }

    @Override
    public void saveOperation(DatabaseOperation operation) {
        synchronized (lock) {
            checkOpen();
            data.operations.put(operation.name(), requireNonNull(operation, "operation is null"));
        }
    }

    @Override
    public Optional<DatabaseOperation> operation(String name) {
        synchronized (lock) {
            checkOpen();
            return Optional.ofNullable(data.operations.get(name));
        }
    }

    @Override
    public List<DatabaseOperation> operations(String cluster) {
        synchronized (lock) {
            checkOpen();
            return data.operations.values().stream()
                    .filter(operation ->
                            cluster == null || operation.spec().cluster().equals(cluster))
                    .toList();
        }
    }

    @Override
    public int nextOrdinal(String cluster, String component) {
        synchronized (lock) {
            checkOpen();
            Map<String, Integer> components = data.nextOrdinals.computeIfAbsent(cluster, key -> new HashMap<>());
            int next = components.getOrDefault(component, 0);
            components.put(component, next + 1);
            return next;
        }
    }

    @Override
    public boolean isInitialized(String cluster) {
        synchronized (lock) {
            checkOpen();
            return data.initialized.contains(cluster);
        }
    }

    @Override
    public void markInitialized(String cluster) {
        synchronized (lock) {
            checkOpen();
            data.initialized.add(cluster);
        }
    }

    @Override
    public Optional<String> secret(String cluster, String key) {
        synchronized (lock) {
            checkOpen();
            return Optional.ofNullable(
                    data.secrets.getOrDefault(cluster, Map.of()).get(key));
        }
    }

    @Override
    public void saveSecret(String cluster, String key, String value) {
        requireNonNull(value, "value is null");
        synchronized (lock) {
            checkOpen();
            data.secrets.computeIfAbsent(cluster, name -> new HashMap<>()).put(key, value);
        }
    }

    @Override
    public ClusterEvent appendEvent(String cluster, String member, String type, String reason, String message) {
        synchronized (lock) {
            checkOpen();
            data.lastEventId++;
            ClusterEvent event = new ClusterEvent(
                    data.lastEventId, clock.instant().toString(), cluster, member, type, reason, message);
            data.events.add(event);
            return event;
        }
    }

    @Override
    public List<ClusterEvent> events(String cluster, int limit) {
        synchronized (lock) {
            checkOpen();
            List<ClusterEvent> ofCluster = data.events.stream()
                    .filter(event -> event.cluster().equals(cluster))
                    .toList();
            // The newest ones up to the limit, oldest first, as the embedded store returns them.
            return List.copyOf(ofCluster.subList(Math.max(0, ofCluster.size() - limit), ofCluster.size()));
        }
    }

    @Override
    public Optional<Leadership> leadership(String cluster) {
        synchronized (lock) {
            checkOpen();
            return Optional.ofNullable(data.leadership.get(cluster));
        }
    }

    @Override
    public void saveLeadership(String cluster, Leadership leadership) {
        synchronized (lock) {
            checkOpen();
            data.leadership.put(cluster, requireNonNull(leadership, "leadership is null"));
        }
    }

    @Override
    public void saveProgress(String cluster, List<StepProgress> steps) {
        synchronized (lock) {
            checkOpen();
            data.progress.put(cluster, List.copyOf(steps));
        }
    }

    @Override
    public List<StepProgress> progress(String cluster) {
        synchronized (lock) {
            checkOpen();
            return data.progress.getOrDefault(cluster, List.of());
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the store is closed");
        }
    }
}
