package dev.marina.operator.controller;

import dev.marina.api.ClusterStatus;
import dev.marina.api.Condition;
import dev.marina.api.validation.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The status of a cluster whose resource the operator will not act on: the status it had, with one condition added or
 * replaced, so that what is running is still described. Pure.
 */
final class RefusalStatus {

    /** The phase of a cluster whose first spec was refused: nothing of it exists. */
    static final String PHASE_INVALID = "Invalid";

    /**
     * The condition of an edit the operator refused while the cluster runs: False, reason {@code InvalidSpec}, as of the
     * refused generation. Kept by the control core's passes (it owns Ready, Progressing and Degraded only) and removed
     * once a later generation is accepted.
     */
    static final String SPEC_ACCEPTED = "SpecAccepted";

    /** The condition a delete refused by {@code spec.deletionProtection} sets. */
    static final String DELETION_BLOCKED = "DeletionBlocked";

    private RefusalStatus() {}

    /**
     * An invalid spec: Ready False, reason {@code InvalidSpec}, every error with its field, as of {@code generation}.
     * The members of an earlier valid spec keep running unchanged, so the rest of the status stays.
     */
    static ClusterStatus invalid(
            Optional<ClusterStatus> previous, List<FieldError> errors, long generation, String now) {
        String message = "the spec cannot be used: "
                + errors.stream().map(FieldError::toString).collect(Collectors.joining("; "))
                + "; fix the resource (nothing was changed for this generation)";
        ClusterStatus before = previous.orElse(null);
        return withCondition(
                previous,
                Condition.of(Condition.READY, false, "InvalidSpec", message, generation, conditions(before), now),
                before == null || before.phase() == null ? PHASE_INVALID : before.phase(),
                generation);
    }

    /**
     * An invalid edit of a cluster that runs: {@value #SPEC_ACCEPTED} False, reason {@code InvalidSpec}, every error with
     * its field, as of {@code generation}; the rest is the control core's, which goes on under the spec it accepted.
     */
    static ClusterStatus invalidEdit(
            Optional<ClusterStatus> previous, List<FieldError> errors, long generation, String now) {
        String message = "generation " + generation + " cannot be used: "
                + errors.stream().map(FieldError::toString).collect(Collectors.joining("; "))
                + "; the members go on under the spec last accepted until the resource is fixed";
        ClusterStatus before = previous.orElse(null);
        return withCondition(
                previous,
                Condition.of(SPEC_ACCEPTED, false, "InvalidSpec", message, generation, conditions(before), now),
                before == null ? null : before.phase(),
                before == null ? null : before.observedGeneration());
    }

    /** Whether the status tells of a refused edit. */
    static boolean hasRefusedEdit(ClusterStatus status) {
        return status.condition(SPEC_ACCEPTED).isPresent();
    }

    /** The status without the refused edit's condition: a later generation was accepted. */
    static ClusterStatus editAccepted(ClusterStatus status) {
        return new ClusterStatus(
                status.phase(),
                status.observedGeneration(),
                status.conditions().stream()
                        .filter(condition -> !condition.type().equals(SPEC_ACCEPTED))
                        .toList(),
                status.primary(),
                status.epoch(),
                status.members(),
                status.endpoints());
    }

    /** A delete that waits for {@code spec.deletionProtection} to be lifted; says how. */
    static ClusterStatus deletionBlocked(
            Optional<ClusterStatus> previous, String cluster, String namespace, long generation, String now) {
        String message = "spec.deletionProtection is true, so the delete waits and the cluster keeps running. To let"
                + " the delete finish, set it to false: kubectl patch databasecluster " + cluster + " -n " + namespace
                + " --type merge -p '{\"spec\":{\"deletionProtection\":false}}'. Kubernetes cannot call a delete off:"
                + " the resource stays marked for deletion until then";
        ClusterStatus before = previous.orElse(null);
        return withCondition(
                previous,
                Condition.of(
                        DELETION_BLOCKED, true, "DeletionProtection", message, generation, conditions(before), now),
                before == null ? null : before.phase(),
                before == null ? generation : before.observedGeneration());
    }

    private static List<Condition> conditions(ClusterStatus status) {
        return status == null ? List.of() : status.conditions();
    }

    private static ClusterStatus withCondition(
            Optional<ClusterStatus> previous, Condition condition, String phase, Long observedGeneration) {
        List<Condition> conditions = new ArrayList<>();
        boolean replaced = false;
        for (Condition existing : previous.map(ClusterStatus::conditions).orElse(List.of())) {
            if (existing.type().equals(condition.type())) {
                conditions.add(condition);
                replaced = true;
            } else {
                conditions.add(existing);
            }
        }
        if (!replaced) {
            conditions.add(condition);
        }
        return previous.map(status -> new ClusterStatus(
                        phase,
                        observedGeneration,
                        conditions,
                        status.primary(),
                        status.epoch(),
                        status.members(),
                        status.endpoints()))
                .orElseGet(() -> new ClusterStatus(phase, observedGeneration, conditions, null, null, null, null));
    }
}
