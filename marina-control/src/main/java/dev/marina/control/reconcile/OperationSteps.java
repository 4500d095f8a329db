package dev.marina.control.reconcile;

import static java.util.Objects.requireNonNull;

import dev.marina.api.DatabaseOperation;
import dev.marina.api.OperationSpec;
import dev.marina.api.OperationStep;
import dev.marina.control.engine.RoleReport;
import dev.marina.control.member.MemberContext;
import dev.marina.control.member.MemberRecord;
import dev.marina.control.operation.Resize;
import dev.marina.control.runtime.MemberRuntime;
import dev.marina.control.store.ClusterStore;
import dev.marina.control.store.Leadership;
import dev.marina.control.store.StoredCluster;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Carries out one turn of an operation's step on a cluster, inside the cluster's pass, so nothing else acts on the
 * cluster meanwhile. A step that acts first notes a marker (the process id it is about to replace, the primary it is
 * about to stop); a control plane that restarts in the middle reads the marker and knows whether the action happened.
 * Steps that wait return {@link StepOutcome.Waiting} and are looked at again in the next pass, so failure detection
 * and repairs go on between turns.
 */
final class OperationSteps {

    private final ClusterStore store;
    private final LeadershipRecorder leadership;
    private final FailoverSteps failovers;
    private final MemberActions members;
    private final MemberRuntime runtime;

    OperationSteps(
            ClusterStore store,
            LeadershipRecorder leadership,
            FailoverSteps failovers,
            MemberActions members,
            MemberRuntime runtime) {
        this.store = requireNonNull(store, "store is null");
        this.runtime = requireNonNull(runtime, "runtime is null");
        this.leadership = requireNonNull(leadership, "leadership is null");
        this.failovers = requireNonNull(failovers, "failovers is null");
        this.members = requireNonNull(members, "members is null");
    }

    /**
     * @param mark saves the step's marker before it acts
     */
    StepOutcome run(ClusterView cluster, DatabaseOperation operation, OperationStep step, Consumer<String> mark) {
        return switch (step.action()) {
            case OperationStep.SWITCHOVER -> switchover(cluster, step, operation, mark);
            case OperationStep.RESTART -> restart(cluster, step.member(), step.marker(), operation, mark);
            case OperationStep.RESTART_PRIMARY_FIRST -> restartPrimaryFirst(cluster, step, operation, mark);
            case OperationStep.REBUILD -> rebuild(cluster, step, mark);
            case OperationStep.REMOVE -> remove(cluster, step, operation);
            case OperationStep.RESIZE -> resize(cluster, operation);
            case OperationStep.AWAIT_MEMBERS -> awaitMembers(cluster, operation);
            case OperationStep.AWAIT_REJOIN -> awaitRejoin(cluster, step);
            default -> new StepOutcome.Failed("unknown step action " + step.action());
        };
    }

    private StepOutcome switchover(
            ClusterView cluster, OperationStep step, DatabaseOperation operation, Consumer<String> mark) {
        Optional<Leadership> recorded = leadership.current(cluster.name());
        if (recorded.flatMap(Leadership::failoverUnderWay).isPresent()) {
            return new StepOutcome.Waiting("a change of primary is under way; waiting for it to finish");
        }
        Optional<String> primary = writablePrimary(cluster);
        if (step.marker() != null && primary.isPresent() && !primary.get().equals(step.marker())) {
            return new StepOutcome.Done(primary.get() + " is primary; " + step.marker() + " rejoins as a replica");
        }
        if (primary.isEmpty()) {
            return new StepOutcome.Waiting("waiting for a primary that accepts writes");
        }
        String from = primary.get();
        if (operation.spec().type().equals(OperationSpec.ROLLING_UPDATE)
                && pendingRestart(cluster, from).isEmpty()) {
            return new StepOutcome.Skipped(from + " already runs with every setting; it stays primary");
        }
        mark.accept(from);
        String promoted = failovers.switchover(cluster, from, Optional.ofNullable(step.member()));
        return new StepOutcome.Done("switched over from " + from + " to " + promoted);
    }

    /**
     * @param marker the pid noted before an earlier turn restarted the member, or null before the first turn
     */
    private StepOutcome restart(
            ClusterView cluster, String name, String marker, DatabaseOperation operation, Consumer<String> mark) {
        Optional<MemberObservation> found = cluster.find(name);
        if (found.isEmpty()) {
            return new StepOutcome.Failed(name + " is no longer a member of the cluster");
        }
        MemberObservation member = found.get();
        String pid = member.process().running() ? member.process().instance() : "none";
        boolean notYetRestarted = marker == null || (member.process().running() && pid.equals(marker));
        if (notYetRestarted) {
            if (marker == null
                    && operation.spec().type().equals(OperationSpec.ROLLING_UPDATE)
                    && member.process().running()
                    && pendingRestart(cluster, member.name()).isEmpty()) {
                return new StepOutcome.Skipped(member.name() + " already runs with every setting");
            }
            mark.accept(pid);
            members.restart(cluster, member.name(), " by operation " + operation.name());
            return new StepOutcome.Waiting("restarted " + member.name() + "; waiting until it answers");
        }
        return ready(cluster, member)
                .<StepOutcome>map(StepOutcome.Waiting::new)
                .orElseGet(() -> new StepOutcome.Done("restarted " + member.name()));
    }

    /** What only a restart of the member applies: the engine's settings, and what its runtime would start anew. */
    private List<String> pendingRestart(ClusterView cluster, String member) {
        MemberContext context = cluster.context(member);
        List<String> pending = new ArrayList<>(cluster.engine().pendingRestart(context));
        pending.addAll(runtime.pendingReplacement(context));
        return pending;
    }

    /** Restarts the primary before the replicas, only when the change lowers what replicas need. */
    private StepOutcome restartPrimaryFirst(
            ClusterView cluster, OperationStep step, DatabaseOperation operation, Consumer<String> mark) {
        Optional<String> primary = writablePrimary(cluster);
        if (step.marker() == null) {
            if (primary.isEmpty()) {
                return new StepOutcome.Waiting("waiting for a primary that accepts writes");
            }
            if (!cluster.engine().lowersWhatReplicasNeed(cluster.context(primary.get()))) {
                return new StepOutcome.Skipped("no setting a replica needs at least as high as its primary goes down;"
                        + " the primary goes last");
            }
        }
        String member = step.marker() == null ? primary.orElseThrow() : step.member();
        return restart(cluster, member, step.marker(), operation, mark);
    }

    private StepOutcome rebuild(ClusterView cluster, OperationStep step, Consumer<String> mark) {
        Optional<MemberObservation> found = cluster.find(step.member());
        if (found.isEmpty()) {
            return new StepOutcome.Failed(step.member() + " is no longer a member of the cluster");
        }
        MemberObservation member = found.get();
        Optional<String> primary = writablePrimary(cluster);
        if (primary.filter(member.name()::equals).isPresent()) {
            return new StepOutcome.Failed(member.name() + " became the primary; it is not rebuilt");
        }
        String pid = member.process().running() ? member.process().instance() : "none";
        boolean notYetRebuilt = step.marker() == null || (member.process().running() && pid.equals(step.marker()));
        if (notYetRebuilt) {
            if (primary.isEmpty()) {
                return new StepOutcome.Waiting("waiting for a primary to copy from");
            }
            mark.accept(pid);
            members.rebuild(cluster, member.name(), primary.get());
            return new StepOutcome.Waiting(
                    "copied " + primary.get() + " to " + member.name() + "; waiting until it streams");
        }
        return ready(cluster, member)
                .<StepOutcome>map(StepOutcome.Waiting::new)
                .orElseGet(() -> new StepOutcome.Done("rebuilt " + member.name()));
    }

    private StepOutcome remove(ClusterView cluster, OperationStep step, DatabaseOperation operation) {
        String name = step.member();
        Optional<MemberRecord> record = record(cluster.name(), name);
        if (record.isEmpty()) {
            return new StepOutcome.Done(name + " is gone");
        }
        if (writablePrimary(cluster).filter(name::equals).isPresent()) {
            return new StepOutcome.Failed(
                    name + " is the primary (it became primary after the operation was planned); switch over first");
        }
        if (!record.get().leaving()) {
            // A decommission: the member stops counting and the spec drops it in one write, so no pass in between
            // adds a member in its place.
            StoredCluster stored = store.find(cluster.name()).orElseThrow();
            String component = record.get().identity().component();
            long staying = store.members(cluster.name()).stream()
                    .filter(other -> other.identity().component().equals(component))
                    .filter(other -> !other.leaving())
                    .count();
            store.saveWithMembers(
                    stored.resource()
                            .withSpec(Resize.scaled(
                                    stored.resource().spec(),
                                    component,
                                    (int) staying - 1,
                                    operation.spec().isForced())),
                    List.of(record.get().markedLeaving(operation.spec().keepsData())));
            record = record(cluster.name(), name);
        }
        members.remove(cluster, name, record.orElseThrow().keepData());
        return new StepOutcome.Done("removed " + name + (record.get().keepData() ? " (data kept)" : ""));
    }

    private StepOutcome resize(ClusterView cluster, DatabaseOperation operation) {
        OperationSpec spec = operation.spec();
        List<String> leaving = operation.status().steps().stream()
                .filter(step -> step.action().equals(OperationStep.REMOVE))
                .map(OperationStep::member)
                .toList();
        Optional<String> primary = writablePrimary(cluster);
        if (primary.filter(leaving::contains).isPresent()) {
            return new StepOutcome.Failed(primary.get() + " became the primary after the operation was planned and"
                    + " is never removed by a scale-in; run the scale again");
        }
        List<MemberRecord> marked = new ArrayList<>();
        for (MemberRecord record : store.members(cluster.name())) {
            if (leaving.contains(record.name()) && !record.leaving()) {
                marked.add(record.markedLeaving(false));
            }
        }
        StoredCluster stored = store.find(cluster.name()).orElseThrow();
        store.saveWithMembers(
                stored.resource()
                        .withSpec(Resize.scaled(
                                stored.resource().spec(), spec.component(), spec.replicas(), spec.isForced())),
                marked);
        return new StepOutcome.Done(spec.component() + " replicas set to " + spec.replicas());
    }

    private StepOutcome awaitMembers(ClusterView cluster, DatabaseOperation operation) {
        String component = operation.spec().component();
        int wanted = operation.spec().replicas();
        List<MemberObservation> inComponent = cluster.observed().stream()
                .filter(member -> member.record().identity().component().equals(component))
                .filter(member -> !member.record().leaving())
                .toList();
        long ready = inComponent.stream()
                .filter(member -> ready(cluster, member).isEmpty())
                .count();
        if (inComponent.size() == wanted && ready == wanted) {
            return new StepOutcome.Done(wanted + " members of " + component + " are ready");
        }
        return new StepOutcome.Waiting(ready + " of " + wanted + " members of " + component + " are ready");
    }

    private StepOutcome awaitRejoin(ClusterView cluster, OperationStep step) {
        Optional<MemberObservation> member = cluster.find(step.member());
        if (member.isEmpty()) {
            return new StepOutcome.Failed(step.member() + " is no longer a member of the cluster");
        }
        if (writablePrimary(cluster).filter(step.member()::equals).isPresent()) {
            return new StepOutcome.Skipped(step.member() + " is still the primary; nothing to wait for");
        }
        boolean mustRewind = leadership
                .current(cluster.name())
                .map(Leadership::mustRewind)
                .orElse(List.of())
                .contains(step.member());
        if (mustRewind) {
            return new StepOutcome.Waiting("waiting for " + step.member() + " to rejoin as a replica");
        }
        return ready(cluster, member.get())
                .<StepOutcome>map(StepOutcome.Waiting::new)
                .orElseGet(() -> new StepOutcome.Done(step.member() + " streams as a replica"));
    }

    /** Empty when {@code member} serves in its role (the primary accepts writes, a replica streams); else why not. */
    private static Optional<String> ready(ClusterView cluster, MemberObservation member) {
        boolean isPrimary =
                cluster.plan().primary().filter(member.name()::equals).isPresent();
        if (isPrimary) {
            return member.isWritable()
                    ? Optional.empty()
                    : Optional.of("waiting until " + member.name() + " accepts writes again");
        }
        boolean streaming = member.isAnsweringReplica()
                && member.role().map(RoleReport::streaming).orElse(false);
        return streaming ? Optional.empty() : Optional.of("waiting until " + member.name() + " streams again");
    }

    private static Optional<String> writablePrimary(ClusterView cluster) {
        return cluster.plan()
                .primary()
                .filter(name ->
                        cluster.find(name).map(MemberObservation::isWritable).orElse(false));
    }

    private Optional<MemberRecord> record(String cluster, String member) {
        return store.members(cluster).stream()
                .filter(record -> record.name().equals(member))
                .findFirst();
    }
}
