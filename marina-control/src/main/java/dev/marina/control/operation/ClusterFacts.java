package dev.marina.control.operation;

import static java.util.Objects.requireNonNull;

import dev.marina.api.ClusterSpec;
import dev.marina.api.ClusterStatus;
import dev.marina.api.DatabaseCluster;
import dev.marina.api.MemberStatus;
import dev.marina.control.member.MemberRecord;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What the preflight and the planning of an operation look at: the spec, the members the control plane recorded (in
 * ordinal order) and what it last observed of each. Built from the stored cluster, at most a pass old.
 */
public record ClusterFacts(String cluster, ClusterSpec spec, List<Member> members, Optional<String> primary) {

    /** One member: its record and its last observed status (empty before the first pass saw it). */
    public record Member(MemberRecord record, Optional<MemberStatus> status) {

        public String name() {
            return record.name();
        }

        public String component() {
            return record.identity().component();
        }

        public boolean isStreaming() {
            return status.map(value -> MemberStatus.STATE_STREAMING.equals(value.state()))
                    .orElse(false);
        }

        public String state() {
            return status.map(MemberStatus::state).orElse("unknown");
        }

        public long lag() {
            return status.map(MemberStatus::lag).orElse(Long.MAX_VALUE);
        }

        /** 0 for a member that is down or empty, 1 for one that runs but does not stream, 2 for a streaming one. */
        public int healthRank() {
            String state = state();
            if (MemberStatus.STATE_STREAMING.equals(state)) {
                return 2;
            }
            return MemberStatus.STATE_RUNNING.equals(state) ? 1 : 0;
        }
    }

    public ClusterFacts {
        requireNonNull(cluster, "cluster is null");
        requireNonNull(spec, "spec is null");
        members = List.copyOf(members);
        requireNonNull(primary, "primary is null");
    }

    public static ClusterFacts of(DatabaseCluster cluster, List<MemberRecord> records) {
        ClusterStatus status = cluster.status();
        List<Member> members = records.stream()
                .sorted(Comparator.comparing(MemberRecord::identity))
                .map(record -> new Member(
                        record,
                        status == null
                                ? Optional.empty()
                                : status.members().stream()
                                        .filter(member -> member.name().equals(record.name()))
                                        .findFirst()))
                .toList();
        // The primary counts only when it was seen accepting writes.
        Optional<String> primary = Optional.ofNullable(status)
                .map(ClusterStatus::primary)
                .filter(name -> members.stream()
                        .anyMatch(member -> member.name().equals(name)
                                && member.status()
                                        .map(value -> MemberStatus.ROLE_PRIMARY.equals(value.role())
                                                && MemberStatus.STATE_RUNNING.equals(value.state()))
                                        .orElse(false)));
        return new ClusterFacts(cluster.name(), cluster.spec(), members, primary);
    }

    public Optional<Member> member(String name) {
        return members.stream().filter(member -> member.name().equals(name)).findFirst();
    }

    /** Members no operation is removing. */
    public List<Member> staying() {
        return members.stream().filter(member -> !member.record().leaving()).toList();
    }

    /** Staying members of the data component other than the primary. */
    public List<Member> replicas() {
        return staying().stream()
                .filter(member -> member.component().equals(dataComponent()))
                .filter(member -> primary.filter(member.name()::equals).isEmpty())
                .toList();
    }

    /** The component that holds the data: the first one of the spec. */
    public String dataComponent() {
        return spec.components().keySet().iterator().next();
    }

    public List<String> names() {
        return members.stream().map(Member::name).toList();
    }

    public boolean isSynchronous() {
        return spec.availabilityOrDefault().isSynchronous();
    }
}
