package dev.marina.control.operation;

import static java.util.Objects.requireNonNull;

import dev.marina.api.DatabaseCluster;
import dev.marina.api.DatabaseOperation;
import dev.marina.api.ObjectMeta;
import dev.marina.api.OperationSpec;
import dev.marina.api.OperationStatus;
import dev.marina.api.OperationStep;
import dev.marina.api.validation.ClusterValidator;
import dev.marina.api.validation.FieldError;
import dev.marina.api.validation.InvalidDocumentException;
import dev.marina.api.validation.OperationValidator;
import dev.marina.control.service.ConflictException;
import dev.marina.control.service.NotFoundException;
import dev.marina.control.store.ClusterStore;
import dev.marina.control.store.StoredCluster;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What the API offers on operations: create (after the preflight, or only plan with a dry run), list, show, cancel.
 * One operation runs at a time per cluster; the others wait in order, saying behind which.
 */
public final class OperationService {

    private final ClusterStore store;
    private final OperationLedger ledger;
    private final ClusterValidator validator;
    private final Clock clock;
    private final Consumer<String> trigger;

    public OperationService(
            ClusterStore store,
            OperationLedger ledger,
            ClusterValidator validator,
            Clock clock,
            Consumer<String> trigger) {
        this.store = requireNonNull(store, "store is null");
        this.ledger = requireNonNull(ledger, "ledger is null");
        this.validator = requireNonNull(validator, "validator is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.trigger = requireNonNull(trigger, "trigger is null");
    }

    /**
     * Checks and plans an operation a user asked for and, unless {@code dryRun}, queues it.
     *
     * @throws InvalidDocumentException for a malformed request, naming the field
     * @throws OperationRefusedException when a preflight check fails; nothing is created
     */
    public synchronized DatabaseOperation create(OperationSpec spec, boolean dryRun) {
        OperationValidator.validate(spec, true);
        return submit(spec, dryRun, Optional.empty());
    }

    /**
     * Checks, plans and queues an operation a user wrote into the store directly, under its own name (on Kubernetes, a
     * DatabaseOperation made with kubectl, which has no status yet). A request the checks refuse is kept, finished as
     * failed with the refusal as its message, so that the user sees why and nothing else changes.
     */
    public synchronized DatabaseOperation accept(String name, OperationSpec spec) {
        requireNonNull(name, "name is null");
        try {
            OperationValidator.validate(spec, true);
            return submit(spec, false, Optional.of(name));
        } catch (InvalidDocumentException e) {
            return refused(name, spec, e.getMessage());
        } catch (OperationRefusedException e) {
            return refused(name, spec, (e.field().isEmpty() ? "" : e.field() + ": ") + e.getMessage());
        } catch (NotFoundException | ConflictException e) {
            return refused(name, spec, e.getMessage());
        }
    }

    private DatabaseOperation refused(String name, OperationSpec spec, String why) {
        String now = clock.instant().toString();
        DatabaseOperation operation = DatabaseOperation.of(
                ObjectMeta.named(name).withIdentity(null, now),
                spec,
                OperationStatus.pending(List.of(), null, now).finished(OperationStatus.FAILED, "refused: " + why, now));
        ledger.adopt(operation);
        return operation;
    }

    /**
     * Queues the rolling update a spec change implies because {@code member} must restart to apply it, unless an
     * unfinished rolling update will still restart that member: one not started yet, or one whose step for the member
     * has not acted yet (a restart renders the newest configuration; one that already restarted it does not count).
     */
    public synchronized DatabaseOperation imply(OperationSpec spec, String member) {
        Optional<DatabaseOperation> covering = ledger.unfinished(spec.cluster()).stream()
                .filter(operation -> operation.spec().type().equals(spec.type()))
                .filter(operation -> OperationStatus.PENDING.equals(
                                operation.status().phase())
                        || operation.status().steps().stream()
                                .anyMatch(step ->
                                        !step.isFinished() && step.marker() == null && member.equals(step.member())))
                .findFirst();
        return covering.orElseGet(() -> submit(spec, false, Optional.empty()));
    }

    private DatabaseOperation submit(OperationSpec spec, boolean dryRun, Optional<String> chosenName) {
        StoredCluster stored = store.find(spec.cluster())
                .orElseThrow(() -> new NotFoundException(
                        "cluster " + spec.cluster() + " not found; list clusters with: marina get clusters"));
        if (stored.deleting()) {
            throw new ConflictException("cluster " + spec.cluster() + " is being deleted; it takes no operations");
        }
        ClusterFacts facts = ClusterFacts.of(stored.resource(), store.members(spec.cluster()));
        List<OperationStep> steps = OperationPlanner.plan(spec, facts);
        if (spec.type().equals(OperationSpec.SCALE)) {
            checkScaledSpec(stored.resource(), spec);
        }
        String now = clock.instant().toString();
        List<DatabaseOperation> ahead = ledger.unfinished(spec.cluster());
        String message = ahead.isEmpty()
                ? null
                : "queued behind " + ahead.get(ahead.size() - 1).name();
        if (dryRun) {
            return DatabaseOperation.of(
                    ObjectMeta.named(null),
                    spec,
                    OperationStatus.pending(
                            steps,
                            "dry run: nothing was created" + (message == null ? "" : "; would be " + message),
                            now));
        }
        String name = chosenName.orElseGet(
                () -> spec.cluster() + "-" + spec.type() + "-" + (store.nextOrdinal(spec.cluster(), "operation") + 1));
        OperationStatus status = steps.isEmpty()
                ? OperationStatus.pending(steps, null, now)
                        .started(now)
                        .finished(OperationStatus.SUCCEEDED, "nothing to do: " + nothingToDo(spec), now)
                : OperationStatus.pending(steps, message, now);
        DatabaseOperation operation =
                DatabaseOperation.of(ObjectMeta.named(name).withIdentity(null, now), spec, status);
        if (chosenName.isPresent()) {
            ledger.adopt(operation);
        } else {
            ledger.create(operation);
        }
        trigger.accept(spec.cluster());
        return operation;
    }

    /** The operations of one cluster, or of every cluster when {@code cluster} is null, oldest first. */
    public List<DatabaseOperation> list(String cluster) {
        if (cluster != null) {
            ClusterValidator.checkClusterName(cluster).ifPresent(error -> {
                throw new InvalidDocumentException(error);
            });
            List<DatabaseOperation> operations = ledger.list(cluster);
            if (operations.isEmpty() && store.find(cluster).isEmpty()) {
                throw new NotFoundException(
                        "cluster " + cluster + " not found; list clusters with: marina get clusters");
            }
            return operations;
        }
        return ledger.list(null);
    }

    public DatabaseOperation get(String name) {
        return ledger.find(name).orElseThrow(() -> notFound(name));
    }

    /**
     * Cancels a pending operation at once, or asks a running one to stop at its next safe point: between steps, never
     * in the middle of one (a switchover is finished or undone, never left half-way).
     */
    public synchronized DatabaseOperation cancel(String name) {
        String now = clock.instant().toString();
        DatabaseOperation operation = ledger.update(name, current -> {
                    OperationStatus status = current.status();
                    if (status.isFinished()) {
                        throw new ConflictException("operation " + name + " already "
                                + status.phase().toLowerCase() + "; there is nothing to cancel");
                    }
                    if (OperationStatus.PENDING.equals(status.phase())) {
                        return current.withStatus(Progress.cancelled(status, "cancelled before it started", now));
                    }
                    return current.withStatus(status.withCancelRequested()
                            .withMessage("cancel requested: stops after the step under way"));
                })
                .orElseThrow(() -> notFound(name));
        trigger.accept(operation.spec().cluster());
        return operation;
    }

    private void checkScaledSpec(DatabaseCluster cluster, OperationSpec spec) {
        DatabaseCluster scaled = cluster.withSpec(
                        Resize.scaled(cluster.spec(), spec.component(), spec.replicas(), spec.isForced()))
                .withStatus(null);
        try {
            validator.validateUpdate(cluster, scaled);
        } catch (InvalidDocumentException e) {
            FieldError first = e.errors().get(0);
            throw new OperationRefusedException("spec.replicas", first.message());
        }
    }

    private static String nothingToDo(OperationSpec spec) {
        return Optional.ofNullable(spec.component())
                .map(component -> component + " already has " + spec.replicas() + " member(s)")
                .orElse("the cluster is as asked");
    }

    private static NotFoundException notFound(String name) {
        return new NotFoundException("no operation named " + name + "; list them with: marina get ops");
    }
}
