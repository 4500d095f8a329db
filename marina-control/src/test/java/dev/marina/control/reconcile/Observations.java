package dev.marina.control.reconcile;

import dev.marina.api.AvailabilitySpec;
import dev.marina.api.ClusterSpec;
import dev.marina.api.ComponentSpec;
import dev.marina.control.engine.RoleReport;
import dev.marina.control.member.MemberIdentity;
import dev.marina.control.member.MemberRecord;
import dev.marina.control.runtime.ProcessState;
import java.util.Map;
import java.util.Optional;

/** Builds specs and member observations for the decision-function tests: cluster {@code c}, component {@code db}. */
final class Observations {

    static final String CLUSTER = "c";
    static final String COMPONENT = "db";
    static final String APPLIED_HASH = "applied";

    private Observations() {}

    static ClusterSpec spec(int replicas, boolean synchronous) {
        return new ClusterSpec(
                "fake",
                "1",
                Map.of(COMPONENT, new ComponentSpec(replicas, Map.of(), null, null)),
                new AvailabilitySpec(synchronous, "automatic", null, null, null),
                false);
    }

    static String name(int ordinal) {
        return new MemberIdentity(CLUSTER, COMPONENT, ordinal).name();
    }

    static MemberRecord record(int ordinal) {
        return new MemberRecord(
                new MemberIdentity(CLUSTER, COMPONENT, ordinal),
                Map.of("db", 5000 + ordinal),
                APPLIED_HASH,
                "2025-01-01T00:00:00Z");
    }

    /** A recorded member with no data and no process, as right after it was added. */
    static MemberObservation empty(int ordinal) {
        return new MemberObservation(record(ordinal), ProcessState.stopped(""), false, Optional.empty());
    }

    /** A member with data whose process does not run. */
    static MemberObservation stopped(int ordinal) {
        return new MemberObservation(record(ordinal), ProcessState.stopped("exited with 1"), true, Optional.empty());
    }

    /** A member whose process runs but does not answer a probe. */
    static MemberObservation silent(int ordinal) {
        return new MemberObservation(record(ordinal), ProcessState.running(100 + ordinal), true, Optional.empty());
    }

    /** A member whose process runs but missed {@code missed} probes in a row. */
    static MemberObservation silentFor(int ordinal, int missed, long lastPosition) {
        return new MemberObservation(
                record(ordinal),
                ProcessState.running(100 + ordinal),
                true,
                Optional.empty(),
                Optional.of(new RoleReport("primary", true, 1, lastPosition, lastPosition, false)),
                missed);
    }

    /** A primary whose process is gone, last seen writing at {@code lastPosition}. */
    static MemberObservation crashedPrimary(int ordinal, long lastPosition) {
        return new MemberObservation(
                record(ordinal),
                ProcessState.stopped("killed"),
                true,
                Optional.empty(),
                Optional.of(new RoleReport("primary", true, 1, lastPosition, lastPosition, false)),
                0);
    }

    static ClusterSpec spec(int replicas, boolean synchronous, String failover, String maximumLag) {
        return new ClusterSpec(
                "fake",
                "1",
                Map.of(COMPONENT, new ComponentSpec(replicas, Map.of(), null, null)),
                new AvailabilitySpec(synchronous, failover, "250ms", 4, maximumLag),
                false);
    }

    static MemberObservation primary(int ordinal, long epoch, long writePosition) {
        return running(ordinal, new RoleReport("primary", true, epoch, writePosition, writePosition, false));
    }

    static MemberObservation replica(int ordinal, long epoch, long replayPosition, boolean streaming) {
        return running(ordinal, new RoleReport("replica", false, epoch, replayPosition, replayPosition, streaming));
    }

    static MemberObservation running(int ordinal, RoleReport role) {
        return new MemberObservation(record(ordinal), ProcessState.running(100 + ordinal), true, Optional.of(role));
    }

    static MemberObservation withAppliedHash(MemberObservation member, String hash) {
        return new MemberObservation(
                member.record().withAppliedPlanHash(hash), member.process(), member.hasData(), member.role());
    }
}
