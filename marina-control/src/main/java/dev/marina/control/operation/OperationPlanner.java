package dev.marina.control.operation;

import dev.marina.api.ComponentSpec;
import dev.marina.api.OperationSpec;
import dev.marina.api.OperationStep;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The preflight and the ordered steps of an operation, from what the control plane last observed. Pure, so every
 * refusal and every order has a unit test; the dry run prints what it returns, and the operation runs exactly that.
 * Each step checks again with fresh observations before it acts.
 */
public final class OperationPlanner {

    private OperationPlanner() {}

    /**
     * @throws OperationRefusedException when a preflight check fails; nothing is created then
     */
    public static List<OperationStep> plan(OperationSpec spec, ClusterFacts facts) {
        return switch (spec.type()) {
            case OperationSpec.SWITCHOVER -> switchover(spec, facts);
            case OperationSpec.RESTART -> spec.member() == null ? rolling(facts, "restart") : restart(spec, facts);
            case OperationSpec.ROLLING_UPDATE -> rolling(facts, "apply the new settings to");
            case OperationSpec.REBUILD -> rebuild(spec, facts);
            case OperationSpec.DECOMMISSION -> decommission(spec, facts);
            case OperationSpec.SCALE -> scale(spec, facts);
            default -> throw new OperationRefusedException("spec.type", "unknown operation type " + spec.type());
        };
    }

    private static List<OperationStep> switchover(OperationSpec spec, ClusterFacts facts) {
        String primary = requirePrimary(facts, "switch over");
        Optional<String> target = Optional.ofNullable(spec.to());
        target.ifPresent(name -> checkTarget(facts, primary, name, "spec.to"));
        String best = target.orElseGet(() -> bestReplica(facts, primary, Optional.empty()));
        return List.of(
                step(
                        1,
                        OperationStep.SWITCHOVER,
                        target.orElse(null),
                        "switch over from " + primary + " to "
                                + (target.isPresent() ? best : "the best replica (now " + best + ")") + ": stop "
                                + primary + " cleanly, then promote " + best + " once it has every write"),
                step(
                        2,
                        OperationStep.AWAIT_REJOIN,
                        primary,
                        "wait until " + primary + " rejoins as a replica of the new primary and streams"));
    }

    private static List<OperationStep> restart(OperationSpec spec, ClusterFacts facts) {
        ClusterFacts.Member member = requireMember(facts, spec.member(), "spec.member");
        boolean isPrimary = facts.primary().filter(member.name()::equals).isPresent();
        return List.of(step(
                1,
                OperationStep.RESTART,
                member.name(),
                isPrimary
                        ? "restart the primary " + member.name() + " in place: writes pause until it is back (for no"
                                + " pause, switch over first)"
                        : "restart " + member.name() + " and wait until it streams again"));
    }

    /** Replicas one at a time, then a switchover to a replica already restarted, then the old primary. */
    private static List<OperationStep> rolling(ClusterFacts facts, String verb) {
        String primary = requirePrimary(facts, verb.equals("restart") ? "restart every member" : "roll out settings");
        List<OperationStep> steps = new ArrayList<>();
        List<ClusterFacts.Member> replicas = facts.replicas();
        if (!verb.equals("restart") && !replicas.isEmpty()) {
            steps.add(step(
                    1,
                    OperationStep.RESTART_PRIMARY_FIRST,
                    primary,
                    "restart the primary " + primary + " in place first, only if the change lowers a setting a"
                            + " standby must have at least as high as its primary (max_connections and the like);"
                            + " otherwise skipped"));
        }
        for (ClusterFacts.Member replica : replicas) {
            steps.add(step(
                    steps.size() + 1,
                    OperationStep.RESTART,
                    replica.name(),
                    verb + " " + replica.name() + " (restart) and wait until it streams again"));
        }
        if (replicas.isEmpty()) {
            steps.add(step(
                    1,
                    OperationStep.RESTART,
                    primary,
                    verb + " the primary " + primary + " (restart in place): writes pause until it is back; it has"
                            + " no replica to switch over to"));
            return steps;
        }
        steps.add(step(
                steps.size() + 1,
                OperationStep.SWITCHOVER,
                null,
                "switch over from " + primary + " to the best replica already restarted"));
        steps.add(step(
                steps.size() + 1,
                OperationStep.AWAIT_REJOIN,
                primary,
                verb + " " + primary + ": it restarts as a replica of the new primary; wait until it streams"));
        return steps;
    }

    private static List<OperationStep> rebuild(OperationSpec spec, ClusterFacts facts) {
        ClusterFacts.Member member = requireMember(facts, spec.member(), "spec.member");
        if (facts.primary().filter(member.name()::equals).isPresent()) {
            throw new OperationRefusedException(
                    "spec.member",
                    member.name() + " is the primary and holds the only copy Marina trusts; switch over first: marina"
                            + " op switchover " + facts.cluster());
        }
        requirePrimary(facts, "rebuild a replica");
        keepsSynchronousRedundancy(facts, List.of(member.name()), spec, "rebuild " + member.name());
        return List.of(step(
                1,
                OperationStep.REBUILD,
                member.name(),
                "stop " + member.name() + ", wipe its data, copy the primary again and wait until it streams"));
    }

    private static List<OperationStep> decommission(OperationSpec spec, ClusterFacts facts) {
        ClusterFacts.Member member = requireMember(facts, spec.member(), "spec.member");
        long sameComponent = facts.staying().stream()
                .filter(other -> other.component().equals(member.component()))
                .count();
        if (sameComponent <= 1) {
            throw new OperationRefusedException(
                    "spec.member",
                    member.name() + " is the only member of " + member.component() + "; delete the cluster instead:"
                            + " marina delete cluster " + facts.cluster());
        }
        List<OperationStep> steps = new ArrayList<>();
        boolean isPrimary = facts.primary().filter(member.name()::equals).isPresent();
        if (isPrimary) {
            String best = bestReplica(facts, member.name(), Optional.empty());
            steps.add(step(
                    1,
                    OperationStep.SWITCHOVER,
                    null,
                    "switch over from " + member.name() + " to the best replica (now " + best + ")"));
        }
        keepsSynchronousRedundancy(facts, List.of(member.name()), spec, "decommission " + member.name());
        String storage = spec.keepsData() ? "keep its data on disk" : "remove its data";
        steps.add(step(
                steps.size() + 1,
                OperationStep.REMOVE,
                member.name(),
                "lower " + member.component() + " replicas to " + (sameComponent - 1) + ", stop " + member.name()
                        + " and " + storage + "; no other member is renamed or restarted, and its ordinal is not"
                        + " used again" + synchronousOffNote(facts, member.component(), sameComponent - 1)));
        return steps;
    }

    private static List<OperationStep> scale(OperationSpec spec, ClusterFacts facts) {
        String component = spec.component();
        ComponentSpec current = facts.spec().components().get(component);
        if (current == null) {
            throw new OperationRefusedException(
                    "spec.component",
                    "cluster " + facts.cluster() + " has no component " + component + "; its components: "
                            + String.join(", ", facts.spec().components().keySet()));
        }
        List<ClusterFacts.Member> members = facts.staying().stream()
                .filter(member -> member.component().equals(component))
                .toList();
        int target = spec.replicas();
        List<OperationStep> steps = new ArrayList<>();
        if (target == members.size()) {
            return steps;
        }
        if (target > members.size()) {
            steps.add(step(
                    1,
                    OperationStep.RESIZE,
                    null,
                    "raise " + component + " replicas from " + members.size() + " to " + target));
            steps.add(step(
                    2,
                    OperationStep.AWAIT_MEMBERS,
                    null,
                    "wait until " + (target - members.size()) + " new member(s) are copied from the primary and"
                            + " stream"));
            return steps;
        }
        requirePrimary(facts, "scale in");
        List<String> leaving = chooseLeaving(facts, members, members.size() - target);
        keepsSynchronousRedundancy(facts, leaving, spec, "scale " + component + " to " + target);
        steps.add(step(
                1,
                OperationStep.RESIZE,
                null,
                "lower " + component + " replicas from " + members.size() + " to " + target + " and mark "
                        + String.join(", ", leaving) + " to go (never the primary: first members that are down,"
                        + " then the furthest behind, then the newest)"
                        + synchronousOffNote(facts, component, target)));
        for (String name : leaving) {
            steps.add(step(
                    steps.size() + 1,
                    OperationStep.REMOVE,
                    name,
                    "stop " + name + " and remove its data; the others keep their names, ports and processes"));
        }
        return steps;
    }

    /**
     * The members a scale-in removes: never the primary; first those down or empty, then the furthest behind, then the
     * newest. The same order the reconciler uses when a spec lowers the replicas.
     */
    public static List<String> chooseLeaving(ClusterFacts facts, List<ClusterFacts.Member> members, int count) {
        return members.stream()
                .filter(member -> facts.primary().filter(member.name()::equals).isEmpty())
                .sorted(Comparator.comparingInt(ClusterFacts.Member::healthRank)
                        .thenComparing(ClusterFacts.Member::lag, Comparator.reverseOrder())
                        .thenComparing(member -> member.record().identity().ordinal(), Comparator.reverseOrder()))
                .limit(count)
                .map(ClusterFacts.Member::name)
                .toList();
    }

    /**
     * A synchronous cluster must keep a replica that streams after {@code leaving} go, or commits would wait for
     * nobody; only {@code force} gives that up (and then turns synchronous replication off when one member is left).
     */
    private static void keepsSynchronousRedundancy(
            ClusterFacts facts, List<String> leaving, OperationSpec spec, String what) {
        if (!facts.isSynchronous() || spec.isForced()) {
            return;
        }
        List<ClusterFacts.Member> remaining = facts.replicas().stream()
                .filter(member -> !leaving.contains(member.name()))
                .toList();
        if (remaining.stream().anyMatch(ClusterFacts.Member::isStreaming)) {
            return;
        }
        String others = remaining.isEmpty()
                ? "it is the last replica"
                : "no other replica streams ("
                        + String.join(
                                ", ",
                                remaining.stream()
                                        .map(member -> member.name() + " is " + member.state())
                                        .toList())
                        + ")";
        throw new OperationRefusedException(
                "spec.force",
                "cannot " + what + " in synchronous cluster " + facts.cluster() + ": " + others
                        + ", so commits would wait with nobody to confirm them; scale out first, or pass --force to"
                        + " give up synchronous redundancy");
    }

    private static String synchronousOffNote(ClusterFacts facts, String component, long remaining) {
        if (facts.isSynchronous() && component.equals(facts.dataComponent()) && remaining < 2) {
            return "; turn spec.availability.synchronous off, since one member has nobody to wait for";
        }
        return "";
    }

    private static String requirePrimary(ClusterFacts facts, String what) {
        return facts.primary()
                .orElseThrow(() -> new OperationRefusedException(
                        "",
                        "cannot " + what + ": cluster " + facts.cluster() + " has no primary accepting writes now;"
                                + " wait until it recovers (marina describe cluster " + facts.cluster() + ")"));
    }

    private static ClusterFacts.Member requireMember(ClusterFacts facts, String name, String field) {
        ClusterFacts.Member member = facts.member(name)
                .orElseThrow(() -> new OperationRefusedException(
                        field,
                        "cluster " + facts.cluster() + " has no member " + name + "; its members: "
                                + String.join(", ", facts.names())));
        if (member.record().leaving()) {
            throw new OperationRefusedException(
                    field, member.name() + " is already being removed by another operation");
        }
        return member;
    }

    private static void checkTarget(ClusterFacts facts, String primary, String name, String field) {
        ClusterFacts.Member target = requireMember(facts, name, field);
        if (target.name().equals(primary)) {
            throw new OperationRefusedException(field, name + " is already the primary");
        }
        if (!target.component().equals(facts.dataComponent())) {
            throw new OperationRefusedException(
                    field, name + " is a " + target.component() + " member and holds no data to promote");
        }
        if (!target.isStreaming()) {
            throw new OperationRefusedException(
                    field,
                    name + " does not stream from the primary (it is " + target.state()
                            + "); pick a streaming replica, or leave the target out for the best one");
        }
        long budget = maximumLag(facts);
        if (target.lag() > budget) {
            throw new OperationRefusedException(
                    field,
                    name + " is " + target.lag() + " bytes behind, more than spec.availability.maximumLagOnFailover"
                            + " allows; wait until it catches up");
        }
    }

    /** The streaming replica furthest ahead, within the lag budget. */
    static String bestReplica(ClusterFacts facts, String primary, Optional<String> excluded) {
        long budget = maximumLag(facts);
        return facts.replicas().stream()
                .filter(member -> !member.name().equals(primary))
                .filter(member -> excluded.filter(member.name()::equals).isEmpty())
                .filter(ClusterFacts.Member::isStreaming)
                .filter(member -> member.lag() <= budget)
                .min(Comparator.comparingLong(ClusterFacts.Member::lag)
                        .thenComparing(member -> member.record().identity()))
                .map(ClusterFacts.Member::name)
                .orElseThrow(() -> new OperationRefusedException(
                        "",
                        "no replica of cluster " + facts.cluster() + " streams from the primary within the lag budget"
                                + " (spec.availability.maximumLagOnFailover); nothing to switch over to; see marina"
                                + " describe cluster " + facts.cluster()));
    }

    private static long maximumLag(ClusterFacts facts) {
        return facts.spec().availabilityOrDefault().maximumLagOnFailoverBytes();
    }

    private static OperationStep step(int index, String action, String member, String description) {
        return OperationStep.planned(index, action, member, description);
    }
}
