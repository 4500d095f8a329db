package dev.marina.control.engine;

import dev.marina.control.member.MemberContext;
import java.util.OptionalLong;

/**
 * Acts on one member's own data directory. The local runtime calls it in-process; on Kubernetes it runs in the
 * member's pod and the operator calls it over HTTP. Every action is idempotent: run twice, same end state.
 */
public interface MemberAgent {

    /** Whether the data directory holds a usable data set. */
    boolean hasData();

    /** Creates a new, empty data set for the first member of a cluster. Does nothing when data exists. */
    void initialize();

    /** Replaces this member's data with a copy of {@code source}'s, ready to follow it. */
    void cloneFrom(MemberContext source);

    /** Removes the data set, so that the member can be cloned again. */
    void wipe();

    /**
     * Makes this stopped member's data follow {@code source} again after their histories forked: a primary that was
     * fenced and replaced, or a replica that got ahead of the member promoted instead of it (PostgreSQL: pg_rewind).
     * Afterwards the data is a replica's, ready to start and follow {@code source}. A replica must have been stopped
     * cleanly: PostgreSQL can finish the crash recovery of a crashed one only as a standby, which pg_rewind cannot
     * run, so its rewind fails.
     *
     * @throws dev.marina.control.runtime.RuntimeFailure when the data cannot be rewound; the caller then wipes and
     *     clones it
     */
    void rewindFrom(MemberContext source);

    /**
     * Where the history of a member that was stopped cleanly ends: a replica that received past this position has every
     * write it ever made (PostgreSQL: the shutdown checkpoint in the control file, which a clean shutdown sends to every
     * connected standby before it exits). Empty when the member runs or did not stop cleanly.
     */
    OptionalLong stoppedPosition();
}
