package dev.marina.control.store;

import dev.marina.api.ClusterStatus;
import dev.marina.api.DatabaseCluster;
import dev.marina.api.DatabaseOperation;
import dev.marina.api.http.ClusterEvent;
import dev.marina.control.member.MemberRecord;
import dev.marina.control.step.StepProgress;
import java.util.List;
import java.util.Optional;

/**
 * Durable state: specs, status, members, leadership, secrets, events and step progress. Locally an embedded database; on
 * Kubernetes, custom resources. Writes are atomic per call and survive a crash once the call returns.
 */
public interface ClusterStore extends AutoCloseable {

    Optional<StoredCluster> find(String name);

    List<StoredCluster> list();

    /**
     * Stores a new cluster (generation 1) or a changed spec (generation + 1); an unchanged spec keeps its generation.
     *
     * @return the stored cluster and what happened: created, configured or unchanged
     */
    Saved save(DatabaseCluster cluster);

    /** Outcome of {@link #save}. */
    record Saved(StoredCluster cluster, String action) {}

    void saveStatus(String name, ClusterStatus status);

    void markDeleting(String name, boolean purge);

    /** Removes the cluster resource. With {@code purge}, also its members, secrets and counters. */
    void delete(String name, boolean purge);

    List<MemberRecord> members(String cluster);

    void saveMember(String cluster, MemberRecord member);

    void deleteMember(String cluster, String member);

    /**
     * Stores a changed spec and member records in one write, so that no pass ever sees the spec without the members
     * it names (an operation marking members leaving as it lowers the replicas).
     */
    Saved saveWithMembers(DatabaseCluster cluster, List<MemberRecord> members);

    /** The next ordinal for a component; never returns the same number twice for a cluster and component. */
    int nextOrdinal(String cluster, String component);

    /** Whether the engine's one-time cluster setup (users, databases) completed. Kept until a purge. */
    boolean isInitialized(String cluster);

    void markInitialized(String cluster);

    /** What failover decisions rest on; see {@link Leadership}. Kept until a purge. */
    Optional<Leadership> leadership(String cluster);

    void saveLeadership(String cluster, Leadership leadership);

    Optional<String> secret(String cluster, String key);

    void saveSecret(String cluster, String key, String value);

    ClusterEvent appendEvent(String cluster, String member, String type, String reason, String message);

    List<ClusterEvent> events(String cluster, int limit);

    /** Stores an operation, new or changed, by name. Kept until the cluster is purged. */
    void saveOperation(DatabaseOperation operation);

    Optional<DatabaseOperation> operation(String name);

    /** The operations of a cluster (every cluster when {@code cluster} is null), oldest first. */
    List<DatabaseOperation> operations(String cluster);

    void saveProgress(String cluster, List<StepProgress> progress);

    List<StepProgress> progress(String cluster);

    @Override
    void close();
}
