package dev.marina.control.reconcile;

import dev.marina.control.engine.MemberPlan;
import dev.marina.control.member.MemberContext;
import dev.marina.control.store.ClusterStore;

/** Remembers which plan a member last runs with, so a changed rendering is noticed and applied. */
final class AppliedPlans {

    private AppliedPlans() {}

    static void save(ClusterStore store, MemberContext member, MemberPlan plan) {
        String cluster = member.identity().cluster();
        store.members(cluster).stream()
                .filter(record -> record.name().equals(member.name()))
                .findFirst()
                .ifPresent(record -> store.saveMember(cluster, record.withAppliedPlanHash(plan.hash())));
    }
}
