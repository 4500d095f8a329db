package dev.marina.control.member;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * A member as the control plane remembers it between passes and restarts: its identity, the ports it was given,
 * and a hash of the plan last applied to it (to know when its configuration must be rewritten).
 */
public record MemberRecord(
        MemberIdentity identity, Map<String, Integer> ports, String appliedPlanHash, String createdAt) {

    public MemberRecord {
        requireNonNull(identity, "identity is null");
        ports = Map.copyOf(ports);
        appliedPlanHash = appliedPlanHash == null ? "" : appliedPlanHash;
    }

    public String name() {
        return identity.name();
    }

    public MemberRecord withAppliedPlanHash(String hash) {
        return new MemberRecord(identity, ports, hash, createdAt);
    }

    public MemberRecord withPorts(Map<String, Integer> newPorts) {
        return new MemberRecord(identity, newPorts, appliedPlanHash, createdAt);
    }
}
