package dev.marina.control.engine;

import dev.marina.api.EngineDescription;
import dev.marina.api.http.ConnectionInfo;
import dev.marina.control.member.MemberContext;
import java.util.List;
import java.util.Optional;

/**
 * A database product Marina can run. The control core speaks only this interface: adding an engine adds an
 * implementation, never a branch in the core.
 */
public interface Engine {

    /** Versions and components, for validation. */
    EngineDescription description();

    /** The credentials the engine needs; the core generates, stores and hands them back in every context. */
    List<String> credentialNames();

    /** The ports each member of {@code component} listens on, by name, the one clients use first. */
    List<String> portNames(String component);

    /** Pure: how to run {@code member} in {@code topology}. */
    MemberPlan render(MemberContext member, Topology topology);

    /** The agent that acts on {@code member}'s data, given a host to act through. */
    MemberAgent agent(MemberContext member, MemberHost host);

    /** Asks a running member what it is; empty when it does not answer. */
    Optional<RoleReport> probe(MemberContext member);

    /**
     * Turns a replica into the primary on a new epoch and makes that epoch durable (PostgreSQL: pg_promote, then
     * CHECKPOINT, so that pg_rewind of the old primary sees the new timeline). Returns once the member accepts writes.
     * Idempotent: a member that is already primary is left as it is.
     */
    void promote(MemberContext member);

    /** Runs once the first member accepts writes: users, databases. Idempotent. */
    void initializeCluster(MemberContext primary);

    /** Prepares {@code primary} to serve a new replica (e.g. a replication slot). Idempotent. */
    void prepareReplica(MemberContext primary, MemberContext replica);

    /** Forgets a removed replica on {@code primary} so it holds nothing back for it. Idempotent. */
    void forgetReplica(MemberContext primary, String replicaName);

    /**
     * Applies rewritten configuration to a running member without restarting it where the engine allows.
     *
     * @return settings that only take effect after a restart (empty when the reload was enough)
     */
    List<String> reload(MemberContext member);

    /**
     * The settings a running member was given but applies only after a restart (PostgreSQL: {@code pg_settings} rows
     * whose context is postmaster and that are pending a restart). Empty when it runs with everything it was given.
     */
    List<String> pendingRestart(MemberContext member);

    /**
     * Whether the settings pending a restart on {@code primary} lower one that a replica must have at least as high as
     * its primary (PostgreSQL: max_connections, max_worker_processes, max_wal_senders, max_prepared_transactions,
     * max_locks_per_transaction). A replica restarted first with the lower value would refuse to start, so the primary
     * must restart first.
     */
    boolean lowersWhatReplicasNeed(MemberContext primary);

    /**
     * How a client connects: to the writable member(s), or to the read-only ones; through the members that route
     * clients (a gateway) when there are any, unless {@code direct}. When the members it names serve TLS, the answer
     * carries the cluster's CA certificate, and the URL asks to verify them with it when the client says where it keeps
     * it ({@code caFile}), or to encrypt at least when it does not.
     */
    ConnectionInfo connection(
            String cluster, List<MemberContext> candidates, boolean readOnly, boolean direct, Optional<String> caFile);

    /**
     * Asks a member that routes clients (a gateway) to hold new writes and returns once no write it routed is still
     * running, so that the primary can stop cleanly under load (a switchover). Members that route nothing ignore it.
     *
     * @throws dev.marina.control.runtime.RuntimeFailure when the member does not confirm within {@code timeout}
     */
    default void holdWrites(MemberContext member, java.time.Duration timeout) {}

    /** Lets a member that {@link #holdWrites held writes} send them again, to whichever member is primary now. */
    default void releaseWrites(MemberContext member) {}
}
