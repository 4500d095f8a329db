package dev.marina.control.reconcile;

import static java.util.Objects.requireNonNull;

import dev.marina.control.member.MemberRecord;
import dev.marina.control.store.ClusterStore;
import dev.marina.control.store.Leadership;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Records a pass's leadership in the order that keeps failover safe. The synchronous standbys recorded must always
 * include every standby the primary may wait for: before a pass reconfigures the primary, the union of the old and
 * the new set is recorded; only after the pass is the new set recorded alone. Steps that run side by side (rejoins)
 * update it, so every change is a read-modify-write under one lock.
 */
final class LeadershipRecorder {

    private final ClusterStore store;

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

    /** After a round's steps all succeeded: the primary now waits for exactly the planned standbys. */
    synchronized void afterRound(String cluster, ClusterPlan plan) {
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
        save(
                cluster,
                stored,
                new Leadership(planned.primary(), planned.epoch(), planned.synchronousStandbys(), rewind, null));
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
