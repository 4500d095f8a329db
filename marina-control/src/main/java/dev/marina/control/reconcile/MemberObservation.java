package dev.marina.control.reconcile;

import static java.util.Objects.requireNonNull;

import dev.marina.control.engine.RoleReport;
import dev.marina.control.health.MemberHealth;
import dev.marina.control.member.MemberRecord;
import dev.marina.control.runtime.ProcessState;
import java.util.Optional;

/**
 * One member as seen in one pass: what is recorded, whether its process runs, whether it has data, what it says now,
 * the last thing it ever said, and how many probes in a row it missed.
 */
public record MemberObservation(
        MemberRecord record,
        ProcessState process,
        boolean hasData,
        Optional<RoleReport> role,
        Optional<RoleReport> lastAnswer,
        int missedProbes) {

    public MemberObservation {
        requireNonNull(record, "record is null");
        requireNonNull(process, "process is null");
        requireNonNull(role, "role is null");
        requireNonNull(lastAnswer, "lastAnswer is null");
    }

    /** A member observed once, with nothing known from before. */
    public MemberObservation(MemberRecord record, ProcessState process, boolean hasData, Optional<RoleReport> role) {
        this(record, process, hasData, role, role, 0);
    }

    /** What the health monitor knows of a member, with what the pass found of its data. */
    public static MemberObservation of(MemberRecord record, boolean hasData, MemberHealth health) {
        return new MemberObservation(
                record, health.process(), hasData, health.role(), health.lastAnswer(), health.missedProbes());
    }

    public String name() {
        return record.name();
    }

    public boolean isWritable() {
        return process.running() && role.map(RoleReport::writable).orElse(false);
    }

    /** Running and answering as a member that does not accept writes. */
    public boolean isAnsweringReplica() {
        return process.running() && role.map(report -> !report.writable()).orElse(false);
    }

    /** Failed: its process is gone, or it missed {@code threshold} probes in a row. */
    public boolean failed(int threshold) {
        return !process.running() || missedProbes >= threshold;
    }

    /** Why it counts as failed, for events and conditions. */
    public String failure(int threshold) {
        if (!hasData) {
            return "its data is gone";
        }
        if (!process.running()) {
            return process.detail().isEmpty()
                    ? "its process is gone"
                    : "its process is gone (" + process.detail() + ")";
        }
        if (missedProbes >= threshold) {
            return "it missed " + missedProbes + " probes in a row";
        }
        return "it does not answer";
    }
}
