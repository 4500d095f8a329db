package dev.marina.operator.controller;

import dev.marina.api.ClusterStatus;
import dev.marina.api.Condition;
import dev.marina.api.MemberStatus;
import dev.marina.control.member.MemberIdentity;
import dev.marina.control.reconcile.StatusCalculator;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A cluster's status from its pods alone, until the agent reports roles: a member is {@code running} when its pod is
 * Ready (the pod's readiness probe asks the agent whether the engine accepts connections), {@code failed} when the pod
 * failed, else {@code starting}. No member has a role, so the status names no primary and no epoch, and the Ready
 * condition means "every member's engine accepts connections", not "a primary accepts writes" as on the local runtime.
 * The conditions and phases are the local runtime's ({@link StatusCalculator}), with the same reasons where they mean
 * the same, so {@code kubectl get dbc} and {@code kubectl wait --for=condition=Ready} read alike on both runtimes.
 * Pure.
 */
final class PodMembersStatus {

    private PodMembersStatus() {}

    /**
     * @param members the members the cluster should have, in order
     * @param pods the cluster's pods by name
     * @param endpoints each member's address ({@code host:port})
     * @param pendingRevisions members whose pod runs an older pod spec than the one rendered now
     */
    static ClusterStatus compute(
            long generation,
            List<MemberIdentity> members,
            Map<String, Pod> pods,
            Map<String, String> endpoints,
            Set<String> pendingRevisions,
            Optional<ClusterStatus> previous,
            String now) {
        List<MemberStatus> statuses = new ArrayList<>();
        List<String> notReady = new ArrayList<>();
        int ready = 0;
        for (MemberIdentity member : members) {
            Pod pod = pods.get(member.name());
            String state = state(pod);
            String message = pod == null
                    ? "pod not created yet"
                    : pendingRevisions.contains(member.name())
                            ? "the pod runs an older pod spec; it is replaced by a rolling update (not yet on"
                                    + " Kubernetes)"
                            : null;
            statuses.add(new MemberStatus(
                    member.name(),
                    member.component(),
                    null,
                    null,
                    state,
                    endpoints.get(member.name()),
                    null,
                    null,
                    message));
            if (MemberStatus.STATE_RUNNING.equals(state)) {
                ready++;
            } else {
                notReady.add(member.name() + " is " + state);
            }
        }
        int desired = members.size();
        boolean allReady = ready == desired;
        boolean settled = allReady && pendingRevisions.isEmpty();
        boolean everReady = previous.map(ClusterStatus::phase)
                .map(phase -> !phase.equals(StatusCalculator.PHASE_CREATING))
                .orElse(false);
        String phase = allReady
                ? StatusCalculator.PHASE_READY
                : everReady ? StatusCalculator.PHASE_DEGRADED : StatusCalculator.PHASE_CREATING;
        boolean degraded = !allReady && everReady;
        String readyMessage = allReady
                ? ready + " of " + desired + " members ready"
                : ready + " of " + desired + " members ready; " + String.join("; ", notReady);

        List<Condition> before = previous.map(ClusterStatus::conditions).orElse(List.of());
        List<Condition> conditions = List.of(
                Condition.of(
                        Condition.READY,
                        allReady,
                        allReady ? "AllMembersReady" : "MembersNotReady",
                        readyMessage,
                        generation,
                        before,
                        now),
                Condition.of(
                        Condition.PROGRESSING,
                        !settled,
                        settled ? "Reconciled" : "Reconciling",
                        settled
                                ? "nothing left to do"
                                : !allReady
                                        ? "waiting for " + String.join(", ", notReady)
                                        : "pods with an older pod spec: " + String.join(", ", pendingRevisions),
                        generation,
                        before,
                        now),
                Condition.of(
                        Condition.DEGRADED,
                        degraded,
                        degraded ? "RedundancyLost" : "FullRedundancy",
                        degraded ? String.join("; ", notReady) : "every member is in service",
                        generation,
                        before,
                        now));
        return new ClusterStatus(
                phase,
                generation,
                conditions,
                null,
                previous.map(ClusterStatus::epoch).orElse(null),
                statuses,
                null);
    }

    private static String state(Pod pod) {
        if (pod == null || pod.getStatus() == null) {
            return MemberStatus.STATE_STARTING;
        }
        if ("Failed".equals(pod.getStatus().getPhase())) {
            return MemberStatus.STATE_FAILED;
        }
        boolean ready = "Running".equals(pod.getStatus().getPhase())
                && pod.getStatus().getConditions() != null
                && pod.getStatus().getConditions().stream()
                        .anyMatch(condition ->
                                "Ready".equals(condition.getType()) && "True".equals(condition.getStatus()));
        return ready ? MemberStatus.STATE_RUNNING : MemberStatus.STATE_STARTING;
    }
}
