package dev.marina.testkit.chaos;

import static java.util.Objects.requireNonNull;

/** What one look at a PostgreSQL member saw, for {@link PostgresRedundancyRules} to judge. */
sealed interface PostgresMemberState {

    String endpoint();

    /** The member did not answer. */
    record Unreachable(String endpoint, String error) implements PostgresMemberState {

        public Unreachable {
            requireNonNull(endpoint, "endpoint is null");
            requireNonNull(error, "error is null");
        }
    }

    /** The member accepts writes. {@code flushLsn} is the WAL position flushed, in bytes. */
    record Primary(String endpoint, long timeline, long flushLsn) implements PostgresMemberState {

        public Primary {
            requireNonNull(endpoint, "endpoint is null");
        }
    }

    /**
     * The member is in recovery.
     *
     * @param receiverStatus {@code pg_stat_wal_receiver.status}, null when no WAL receiver runs
     * @param receivedTimeline {@code pg_stat_wal_receiver.received_tli}, 0 when no WAL receiver runs
     * @param replayLsn the WAL position replayed, in bytes; -1 when nothing was replayed
     */
    record Replica(String endpoint, String receiverStatus, long receivedTimeline, long replayLsn)
            implements PostgresMemberState {

        public Replica {
            requireNonNull(endpoint, "endpoint is null");
        }
    }
}
