package dev.marina.control.engine;

import static java.util.Objects.requireNonNull;

/**
 * What a running member says it is. Positions are engine byte offsets (a PostgreSQL LSN as a number) so the core can
 * compare members without knowing the engine.
 *
 * @param role the engine's word for the role ({@code primary}, {@code replica}, {@code leader}, ...)
 * @param writable whether the member accepts writes right now
 * @param epoch the version of the role history the member is on (a PostgreSQL timeline)
 * @param writePosition on a writable member, how far it has written; otherwise how far it has received
 * @param replayPosition how far it has applied
 * @param streaming whether a non-writable member is receiving changes from its upstream right now
 * @param replayDelayMillis on a non-writable member, how old the last change it applied is while it has received more
 *     than it applied (0 when it applied all it received); -1 when the engine does not tell. A writable member: 0
 */
public record RoleReport(
        String role,
        boolean writable,
        long epoch,
        long writePosition,
        long replayPosition,
        boolean streaming,
        long replayDelayMillis) {

    public static final long DELAY_UNKNOWN = -1;

    public RoleReport {
        requireNonNull(role, "role is null");
        if (replayDelayMillis < DELAY_UNKNOWN) {
            throw new IllegalArgumentException("replayDelayMillis must be -1 (unknown) or more: " + replayDelayMillis);
        }
    }

    /** A report from an engine that does not measure the replay delay. */
    public RoleReport(
            String role, boolean writable, long epoch, long writePosition, long replayPosition, boolean streaming) {
        this(role, writable, epoch, writePosition, replayPosition, streaming, writable ? 0 : DELAY_UNKNOWN);
    }
}
