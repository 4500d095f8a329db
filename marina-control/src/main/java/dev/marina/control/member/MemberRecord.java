package dev.marina.control.member;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * A member as the control plane remembers it between passes and restarts: its identity, the ports it was given,
 * a hash of the plan last applied to it (to know when its configuration must be rewritten), and whether an operation
 * is removing it.
 *
 * @param leaving an operation named this member to go (decommission, scale-in): it no longer counts towards its
 *     component's replicas, and the reconciler neither starts nor repairs it
 * @param keepData whether its storage stays on disk once it is gone
 */
public record MemberRecord(
        MemberIdentity identity,
        Map<String, Integer> ports,
        String appliedPlanHash,
        String createdAt,
        Boolean leaving,
        Boolean keepData) {

    public MemberRecord {
        requireNonNull(identity, "identity is null");
        ports = Map.copyOf(ports);
        appliedPlanHash = appliedPlanHash == null ? "" : appliedPlanHash;
        // Records stored before operations existed have neither field.
        leaving = Boolean.TRUE.equals(leaving);
        keepData = Boolean.TRUE.equals(keepData);
    }

    public MemberRecord(MemberIdentity identity, Map<String, Integer> ports, String appliedPlanHash, String createdAt) {
        this(identity, ports, appliedPlanHash, createdAt, false, false);
    }

    public String name() {
        return identity.name();
    }

    public MemberRecord withAppliedPlanHash(String hash) {
        return new MemberRecord(identity, ports, hash, createdAt, leaving, keepData);
    }

    public MemberRecord withPorts(Map<String, Integer> newPorts) {
        return new MemberRecord(identity, newPorts, appliedPlanHash, createdAt, leaving, keepData);
    }

    /** Marked to go: see {@link #leaving()}. */
    public MemberRecord markedLeaving(boolean keep) {
        return new MemberRecord(identity, ports, appliedPlanHash, createdAt, true, keep);
    }
}
