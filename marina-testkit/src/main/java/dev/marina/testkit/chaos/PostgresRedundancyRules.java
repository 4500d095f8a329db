package dev.marina.testkit.chaos;

import dev.marina.testkit.chaos.PostgresMemberState.Primary;
import dev.marina.testkit.chaos.PostgresMemberState.Replica;
import dev.marina.testkit.chaos.PostgresMemberState.Unreachable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Decides from the members' states whether a PostgreSQL cluster is fully redundant.
 *
 * <p>Each replica is judged by what it sees itself, never by the primary's {@code pg_stat_replication}: after a
 * failover a replica that cannot follow the new timeline ("new timeline forked off current database system timeline
 * before current recovery point") reconnects over and over, and the primary shows it as {@code streaming} for a moment
 * each time. Such a replica keeps receiving the old timeline and replays nothing, which the rules below catch.
 */
final class PostgresRedundancyRules {

    private PostgresRedundancyRules() {}

    /**
     * What is missing for full redundancy.
     *
     * @param states one state per member
     * @param previousReplayLsns each replica's replay position at the previous look, by endpoint
     */
    static List<String> missing(List<PostgresMemberState> states, Map<String, Long> previousReplayLsns) {
        List<String> missing = new ArrayList<>();
        List<Primary> primaries = new ArrayList<>();
        for (PostgresMemberState state : states) {
            if (state instanceof Unreachable unreachable) {
                missing.add(unreachable.endpoint() + " is unreachable: " + unreachable.error());
            } else if (state instanceof Primary primary) {
                primaries.add(primary);
            }
        }
        if (primaries.size() != 1) {
            missing.add("expected exactly one writable member, found " + primaries.size()
                    + (primaries.isEmpty() ? "" : ": " + endpoints(primaries)));
        }
        Primary primary = primaries.size() == 1 ? primaries.get(0) : null;
        for (PostgresMemberState state : states) {
            if (state instanceof Replica replica) {
                missing.addAll(replicaMissing(replica, primary, previousReplayLsns.get(replica.endpoint())));
            }
        }
        return missing;
    }

    private static List<String> replicaMissing(Replica replica, Primary primary, Long previousReplayLsn) {
        List<String> missing = new ArrayList<>();
        if (!"streaming".equals(replica.receiverStatus())) {
            missing.add(replica.endpoint() + " does not stream: its WAL receiver is "
                    + (replica.receiverStatus() == null ? "not running" : replica.receiverStatus()));
        }
        if (primary == null) {
            // Without a single primary there is no timeline or position to follow.
            return missing;
        }
        if (replica.receivedTimeline() != primary.timeline()) {
            missing.add(replica.endpoint() + " receives timeline " + replica.receivedTimeline() + " but primary "
                    + primary.endpoint() + " is on timeline " + primary.timeline());
        }
        // Caught up covers an idle cluster; advancing covers one under load, where a healthy replica is always a
        // little behind. A replica stuck on a forked-off timeline does neither.
        boolean caughtUp = replica.replayLsn() >= primary.flushLsn();
        boolean advancing = previousReplayLsn != null && replica.replayLsn() > previousReplayLsn;
        if (!caughtUp && !advancing) {
            missing.add(replica.endpoint() + " replays nothing new: it stays at " + lsn(replica.replayLsn())
                    + " while primary " + primary.endpoint() + " has flushed " + lsn(primary.flushLsn()));
        }
        return missing;
    }

    private static List<String> endpoints(List<Primary> primaries) {
        return primaries.stream().map(Primary::endpoint).toList();
    }

    /** PostgreSQL's own notation for a WAL position, as in its logs. */
    static String lsn(long bytes) {
        if (bytes < 0) {
            return "no position";
        }
        return Long.toHexString(bytes >>> 32).toUpperCase() + "/"
                + Long.toHexString(bytes & 0xFFFFFFFFL).toUpperCase();
    }
}
