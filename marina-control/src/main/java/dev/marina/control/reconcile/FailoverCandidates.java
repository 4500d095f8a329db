package dev.marina.control.reconcile;

import dev.marina.api.AvailabilitySpec;
import dev.marina.control.engine.RoleReport;
import dev.marina.control.store.Leadership;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which replica may replace a failed primary, or why none may. Pure.
 *
 * <p>With synchronous replication a commit is acknowledged once any one of the recorded synchronous standbys has it.
 * So the most advanced of them holds every acknowledged commit, but only if every one of them answers: one that does
 * not may be the only one holding the last commits. Without synchronous replication any replica may be promoted, and
 * the lag budget bounds what may be lost.
 */
public final class FailoverCandidates {

    private FailoverCandidates() {}

    /** The outcome: a candidate, or the reason there is none. */
    public sealed interface Choice {

        /** {@code member} may be promoted. */
        record Candidate(String member, long position) implements Choice {}

        /** Nobody may be promoted: promoting anyone could lose acknowledged writes, or nobody can take over. */
        record Refused(String reason) implements Choice {}
    }

    /**
     * @param failed the primary that failed
     * @param observed every member (the failed primary included)
     * @param leadership what was recorded about the failed primary; empty for a cluster recorded before leadership was
     * @param excluded members that cannot be promoted whatever they say (being removed, forked history)
     */
    public static Choice choose(
            AvailabilitySpec availability,
            MemberObservation failed,
            List<MemberObservation> observed,
            Optional<Leadership> leadership,
            Set<String> excluded) {
        return choose(availability, failed, observed, leadership, excluded, Optional.empty());
    }

    /**
     * @param preferred a member to choose when it is as far ahead as the best: the candidate of a failover already
     *     under way, which may have been told to promote itself
     */
    public static Choice choose(
            AvailabilitySpec availability,
            MemberObservation failed,
            List<MemberObservation> observed,
            Optional<Leadership> leadership,
            Set<String> excluded,
            Optional<String> preferred) {
        List<MemberObservation> others = observed.stream()
                .filter(member -> !member.name().equals(failed.name()))
                .filter(member -> !excluded.contains(member.name()))
                .toList();
        List<MemberObservation> pool;
        if (availability.isSynchronous()) {
            List<String> standbys = leadership
                    .map(Leadership::synchronousStandbys)
                    .orElseGet(() -> others.stream()
                            .filter(MemberObservation::hasData)
                            .map(MemberObservation::name)
                            .toList())
                    .stream()
                    .filter(name -> !name.equals(failed.name()))
                    .filter(name ->
                            observed.stream().anyMatch(member -> member.name().equals(name)))
                    .toList();
            if (standbys.isEmpty()) {
                return new Choice.Refused("no synchronous standby was confirming " + failed.name()
                        + "'s commits, so only its own data holds them all");
            }
            for (String standby : standbys) {
                MemberObservation member = find(observed, standby);
                if (!member.isAnsweringReplica()) {
                    return new Choice.Refused("synchronous standby " + standby + " does not answer ("
                            + member.failure(Integer.MAX_VALUE)
                            + "); it may hold acknowledged writes no other member has");
                }
            }
            pool = others.stream()
                    .filter(member -> standbys.contains(member.name()))
                    .toList();
        } else {
            pool = others.stream().filter(MemberObservation::isAnsweringReplica).toList();
        }
        // Positions decide, not epochs: a replica reports its epoch from its last restart point once its upstream is
        // gone, which may be older than the timeline it follows.
        List<MemberObservation> eligible =
                pool.stream().filter(MemberObservation::hasData).toList();
        if (eligible.isEmpty()) {
            return new Choice.Refused("no replica with data answers");
        }
        MemberObservation mostAdvanced = eligible.stream()
                .sorted(Comparator.comparingLong(FailoverCandidates::received)
                        .reversed()
                        .thenComparing(Comparator.comparingLong(FailoverCandidates::replayed)
                                .reversed())
                        .thenComparing(member -> member.record().identity()))
                .findFirst()
                .orElseThrow();
        MemberObservation best = preferred
                .flatMap(name -> eligible.stream()
                        .filter(member -> member.name().equals(name))
                        .filter(member -> received(member) >= received(mostAdvanced))
                        .findFirst())
                .orElse(mostAdvanced);
        long lastSeen = failed.lastAnswer()
                .filter(RoleReport::writable)
                .map(RoleReport::writePosition)
                .orElse(0L);
        long lag = Math.max(0, lastSeen - received(best));
        long budget = availability.maximumLagOnFailoverBytes();
        if (lag > budget) {
            return new Choice.Refused("the most advanced replica " + best.name() + " is " + lag
                    + " bytes behind the last position seen on " + failed.name()
                    + ", more than spec.availability.maximumLagOnFailover (" + budget + " bytes)");
        }
        return new Choice.Candidate(best.name(), received(best));
    }

    private static MemberObservation find(List<MemberObservation> observed, String name) {
        return observed.stream()
                .filter(member -> member.name().equals(name))
                .findFirst()
                .orElseThrow();
    }

    private static long received(MemberObservation member) {
        return member.role().map(RoleReport::writePosition).orElse(0L);
    }

    private static long replayed(MemberObservation member) {
        return member.role().map(RoleReport::replayPosition).orElse(0L);
    }
}
