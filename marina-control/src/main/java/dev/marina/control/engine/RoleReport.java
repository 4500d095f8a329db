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
 */
public record RoleReport(
        String role, boolean writable, long epoch, long writePosition, long replayPosition, boolean streaming) {

    public RoleReport {
        requireNonNull(role, "role is null");
    }
}
