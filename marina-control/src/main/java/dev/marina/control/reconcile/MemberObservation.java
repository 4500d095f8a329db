package dev.marina.control.reconcile;

import static java.util.Objects.requireNonNull;

import dev.marina.control.engine.RoleReport;
import dev.marina.control.member.MemberRecord;
import dev.marina.control.runtime.ProcessState;
import java.util.Optional;

/** One member as seen in one pass: what is recorded, whether its process runs, whether it has data, what it says. */
public record MemberObservation(MemberRecord record, ProcessState process, boolean hasData, Optional<RoleReport> role) {

    public MemberObservation {
        requireNonNull(record, "record is null");
        requireNonNull(process, "process is null");
        requireNonNull(role, "role is null");
    }

    public String name() {
        return record.name();
    }

    public boolean isWritable() {
        return process.running() && role.map(RoleReport::writable).orElse(false);
    }
}
