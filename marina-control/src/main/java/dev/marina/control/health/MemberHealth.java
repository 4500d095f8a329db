package dev.marina.control.health;

import static java.util.Objects.requireNonNull;

import dev.marina.control.engine.RoleReport;
import dev.marina.control.runtime.ProcessState;
import java.util.Optional;

/**
 * What the monitor knows of one member now.
 *
 * @param process whether its process runs
 * @param role its answer to the latest probe; empty when it did not answer in time
 * @param lastAnswer the last answer it ever gave, also after it stopped answering (a failed primary's last known
 *     position bounds how far behind a candidate may be)
 * @param missedProbes probe intervals in a row without an answer; 0 while it answers
 */
public record MemberHealth(
        ProcessState process, Optional<RoleReport> role, Optional<RoleReport> lastAnswer, int missedProbes) {

    public MemberHealth {
        requireNonNull(process, "process is null");
        requireNonNull(role, "role is null");
        requireNonNull(lastAnswer, "lastAnswer is null");
    }

    /** A member that was never probed. */
    public static MemberHealth unknown(ProcessState process) {
        return new MemberHealth(process, Optional.empty(), Optional.empty(), 0);
    }

    /** Failed: its process is gone, or it missed {@code threshold} probes in a row. */
    public boolean failed(int threshold) {
        return !process.running() || missedProbes >= threshold;
    }
}
