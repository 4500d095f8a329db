package dev.marina.control.reconcile;

/** One thing a pass decided to do. Decided by {@link ClusterPlanner}, carried out by the reconciler. */
public sealed interface PlannedAction {

    /** Creates a new member record of a component (scale out, or a new cluster). */
    record AddMember(String component) implements PlannedAction {}

    /** Creates the first data set on the member that becomes the first primary. */
    record Bootstrap(String member) implements PlannedAction {}

    /** Runs the engine's one-time cluster setup (users, databases) on the primary. */
    record Initialize(String member) implements PlannedAction {}

    /** Starts a member that has data but no running process. */
    record Start(String member) implements PlannedAction {}

    /** Copies the primary's data to a member that has none, then starts it as a replica. */
    record Clone(String member, String source) implements PlannedAction {}

    /** Rewrites a running member's configuration and reloads it. */
    record Reconfigure(String member) implements PlannedAction {}

    /** Stops a member and removes it with its data (scale in). */
    record Remove(String member) implements PlannedAction {}

    /**
     * Replaces the failed primary {@code from} with the replica {@code to}: fence {@code from}, promote {@code to},
     * record it, repoint the others. Also finishes a failover a previous control plane began.
     *
     * @param reason why {@code from} counts as failed
     */
    record Failover(String from, String to, String reason) implements PlannedAction {}

    /**
     * Gives up a recorded failover from {@code from} to {@code to} that cannot finish. With {@code fenceCandidate},
     * {@code to} is fenced and rewound before it follows again, since it may have been told to promote itself.
     */
    record AbandonFailover(String from, String to, boolean fenceCandidate, String reason) implements PlannedAction {}

    /** Makes a member whose history forked follow {@code source} again: rewind, or clone when rewind fails. */
    record Rejoin(String member, String source) implements PlannedAction {}
}
