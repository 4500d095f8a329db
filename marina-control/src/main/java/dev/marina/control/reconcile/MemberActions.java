package dev.marina.control.reconcile;

import static java.util.Objects.requireNonNull;

import dev.marina.control.engine.Engine;
import dev.marina.control.engine.MemberPlan;
import dev.marina.control.event.EventRecorder;
import dev.marina.control.member.MemberContext;
import dev.marina.control.runtime.MemberRuntime;
import dev.marina.control.runtime.ProcessState;
import dev.marina.control.store.ClusterStore;
import java.util.List;

/**
 * What is done to one member, by the reconciler's plan and by operations alike: start, restart, copy from the primary,
 * rebuild, remove. Each records what it applied and says so in an event.
 */
final class MemberActions {

    private final MemberRuntime runtime;
    private final ClusterStore store;
    private final EventRecorder events;
    private final LeadershipRecorder leadership;

    MemberActions(MemberRuntime runtime, ClusterStore store, EventRecorder events, LeadershipRecorder leadership) {
        this.runtime = requireNonNull(runtime, "runtime is null");
        this.store = requireNonNull(store, "store is null");
        this.events = requireNonNull(events, "events is null");
        this.leadership = requireNonNull(leadership, "leadership is null");
    }

    void start(ClusterView cluster, String name) {
        MemberContext member = cluster.context(name);
        MemberPlan plan = cluster.engine().render(member, cluster.topology());
        ProcessState state = runtime.start(member, plan);
        AppliedPlans.save(store, member, plan);
        events.normal(cluster.name(), name, "Started", "started " + name + " (pid " + state.pid() + ")");
    }

    /** Stops the member and starts it again with the plan of this pass; returns the new process. */
    ProcessState restart(ClusterView cluster, String name, String why) {
        MemberContext member = cluster.context(name);
        MemberPlan plan = cluster.engine().render(member, cluster.topology());
        runtime.stop(member, plan);
        ProcessState state = runtime.start(member, plan);
        AppliedPlans.save(store, member, plan);
        events.normal(cluster.name(), name, "Restarted", "restarted " + name + " (pid " + state.pid() + ")" + why);
        return state;
    }

    /**
     * Brings a member without data to its new plan: when only its files changed, writes them and asks the engine to
     * reload it, which keeps its clients connected; otherwise, or when the reload leaves settings that need a new
     * process, or the reload fails, restarts it (it holds no data, so a restart loses nothing but connections).
     */
    void reconfigureStateless(ClusterView cluster, String name) {
        MemberContext member = cluster.context(name);
        MemberPlan plan = cluster.engine().render(member, cluster.topology());
        String applied = cluster.stateless().stream()
                .filter(observation -> observation.name().equals(name))
                .map(observation -> observation.record().appliedPlanHash())
                .findFirst()
                .orElse("");
        if (!MemberPlan.onlyFilesDiffer(applied, plan.hash())) {
            restart(cluster, name, " with its new configuration");
            return;
        }
        runtime.writeFiles(member, plan);
        List<String> pendingRestart;
        try {
            pendingRestart = cluster.engine().reload(member);
        } catch (RuntimeException e) {
            restart(cluster, name, " with its new configuration, as reloading it failed: " + e.getMessage());
            return;
        }
        if (!pendingRestart.isEmpty()) {
            restart(cluster, name, " to apply " + String.join(", ", pendingRestart));
            return;
        }
        AppliedPlans.save(store, member, plan);
        events.normal(cluster.name(), name, "Reconfigured", "reloaded " + name + " with its new configuration");
    }

    /** Copies the primary's data to a member that has none, then starts it as a replica. */
    void cloneFrom(ClusterView cluster, String name, String source) {
        MemberContext member = cluster.context(name);
        MemberContext primary = cluster.context(source);
        Engine engine = cluster.engine();
        if (runtime.observe(member).running()) {
            // Its data is gone (deleted under it) or forked: what still runs of it serves nothing trustworthy.
            runtime.fence(member);
        }
        engine.prepareReplica(primary, member);
        runtime.agent(engine, member).cloneFrom(primary);
        MemberPlan plan = engine.render(member, cluster.topology());
        ProcessState state = runtime.start(member, plan);
        AppliedPlans.save(store, member, plan);
        leadership.rewound(cluster.name(), name);
        events.normal(
                cluster.name(),
                name,
                "Cloned",
                "copied " + source + " to " + name + " and started it as a replica (pid " + state.pid() + ")");
    }

    /** Stops a replica, wipes its data and copies the primary again. */
    void rebuild(ClusterView cluster, String name, String source) {
        MemberContext member = cluster.context(name);
        runtime.fence(member);
        runtime.agent(cluster.engine(), member).wipe();
        events.normal(cluster.name(), name, "Wiped", "stopped " + name + " and removed its data to copy it again");
        cloneFrom(cluster, name, source);
    }

    /** Stops a member, forgets it on the primary, removes its record and, unless kept, its data. */
    void remove(ClusterView cluster, String name, boolean keepData) {
        MemberContext member = cluster.context(name);
        Engine engine = cluster.engine();
        runtime.stop(member, engine.render(member, cluster.topology()));
        if (!keepData) {
            runtime.removeStorage(member.identity());
        }
        cluster.plan()
                .primary()
                .filter(primary -> !primary.equals(name))
                .filter(primary -> !cluster.isStateless(name))
                .map(cluster::context)
                .ifPresent(primary -> engine.forgetReplica(primary, name));
        store.deleteMember(cluster.name(), name);
        leadership.removed(cluster.name(), name);
        events.normal(
                cluster.name(),
                name,
                "MemberRemoved",
                keepData
                        ? "stopped " + name + " and removed it; its data stays in "
                                + runtime.layout(member.identity()).root()
                        : "stopped " + name + " and removed its data");
    }
}
