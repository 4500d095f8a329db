package dev.marina.control.reconcile;

import static java.util.Objects.requireNonNull;

import dev.marina.control.engine.RoleReport;
import dev.marina.control.member.MemberRecord;
import dev.marina.control.store.ClusterStore;
import dev.marina.control.store.Leadership;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Records a pass's leadership in the order that keeps failover safe. The synchronous standbys recorded must always
 * include every standby that may hold an acknowledged commit: before a pass reconfigures the primary, the union of the
 * old and the new set is recorded; the new set alone only once the standbys it keeps have caught up (see {@link
 * #settle}). Steps that run side by side (rejoins)
 * update it, so every change is a read-modify-write under one lock.
 */
final class LeadershipRecorder {

    private final ClusterStore store;
    private final Map<String, Narrowing> narrowing = new HashMap<>();

    LeadershipRecorder(ClusterStore store) {
        this.store = requireNonNull(store, "store is null");
    }

    /** Before a round's steps: the planned primary and epoch, with the standbys and members to rewind of both. */
    synchronized void beforeRound(String cluster, ClusterPlan plan) {
        if (plan.leadership().isEmpty()) {
            return;
        }
        Leadership planned = plan.leadership().get();
        Optional<Leadership> stored = store.leadership(cluster);
        Set<String> standbys = new LinkedHashSet<>(planned.synchronousStandbys());
        Set<String> rewind = new LinkedHashSet<>(planned.mustRewind());
        stored.filter(before -> before.primary().equals(planned.primary())).ifPresent(before -> {
            standbys.addAll(before.synchronousStandbys());
            rewind.addAll(before.mustRewind());
        });
        save(
                cluster,
                stored,
                new Leadership(planned.primary(), planned.epoch(), List.copyOf(standbys), List.copyOf(rewind), null));
    }

    /**
     * After a pass that has nothing left to do: records the planned primary and epoch, and narrows the synchronous
     * standbys to the planned ones only once it is safe. A standby dropped from the set may hold commits acknowledged
     * while it was in it; those are all at or before the primary's position seen after the change. So the narrowing
     * waits for a later settled pass in which every remaining standby has received up to that position.
     */
    synchronized void settle(String cluster, ClusterPlan plan, List<MemberObservation> observed) {
        if (plan.leadership().isEmpty()) {
            return;
        }
        Leadership planned = plan.leadership().get();
        Optional<Leadership> stored = store.leadership(cluster);
        Set<String> members =
                store.members(cluster).stream().map(MemberRecord::name).collect(Collectors.toSet());
        List<String> rewind = stored.map(Leadership::mustRewind).orElse(planned.mustRewind()).stream()
                .filter(members::contains)
                .toList();
        List<String> standbys = stored.filter(before -> before.primary().equals(planned.primary()))
                .map(Leadership::synchronousStandbys)
                .orElse(planned.synchronousStandbys());
        Set<String> wanted = Set.copyOf(planned.synchronousStandbys());
        if (wanted.containsAll(standbys)) {
            standbys = planned.synchronousStandbys();
            narrowing.remove(cluster);
        } else {
            long primaryPosition = position(observed, planned.primary());
            Narrowing pending = narrowing.get(cluster);
            if (pending == null || !pending.standbys().equals(wanted)) {
                narrowing.put(cluster, new Narrowing(wanted, primaryPosition));
            } else if (wanted.stream().allMatch(name -> position(observed, name) >= pending.position())) {
                standbys = planned.synchronousStandbys();
                narrowing.remove(cluster);
            }
        }
        save(cluster, stored, new Leadership(planned.primary(), planned.epoch(), standbys, rewind, null));
    }

    /** A narrowing of the synchronous standbys waiting for them to catch up with {@code position}. */
    private record Narrowing(Set<String> standbys, long position) {}

    private static long position(List<MemberObservation> observed, String member) {
        return observed.stream()
                .filter(observation -> observation.name().equals(member))
                .flatMap(observation -> observation.role().stream())
                .mapToLong(RoleReport::writePosition)
                .findFirst()
                .orElse(-1L);
    }

    /** {@code member} follows the primary again. */
    synchronized void rewound(String cluster, String member) {
        Optional<Leadership> stored = store.leadership(cluster);
        stored.ifPresent(before -> save(cluster, stored, before.rewound(member)));
    }

    /** {@code member} was removed from the cluster. */
    synchronized void removed(String cluster, String member) {
        Optional<Leadership> stored = store.leadership(cluster);
        stored.ifPresent(before -> save(cluster, stored, before.without(member)));
    }

    synchronized Optional<Leadership> current(String cluster) {
        return store.leadership(cluster);
    }

    synchronized void save(String cluster, Leadership leadership) {
        store.saveLeadership(cluster, leadership);
    }

    private void save(String cluster, Optional<Leadership> stored, Leadership next) {
        if (stored.filter(next::equals).isEmpty()) {
            store.saveLeadership(cluster, next);
        }
    }
}
