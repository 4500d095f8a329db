package dev.marina.api.validation;

import dev.marina.api.OperationSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks an operation request on its own: a known type, the fields that type needs, and none it ignores. Whether the
 * named members exist and the cluster can take the operation is the preflight's job, which sees the cluster.
 */
public final class OperationValidator {

    /** The fields each type accepts beyond cluster, type and force. */
    private static final Map<String, Set<String>> ALLOWED = Map.of(
            OperationSpec.SWITCHOVER, Set.of("to"),
            OperationSpec.RESTART, Set.of("member"),
            OperationSpec.REBUILD, Set.of("member"),
            OperationSpec.DECOMMISSION, Set.of("member", "keepData"),
            OperationSpec.SCALE, Set.of("component", "replicas"),
            OperationSpec.ROLLING_UPDATE, Set.of("reason"));

    private OperationValidator() {}

    /**
     * @param fromUser whether a user asked for it; a rolling update is only ever started by the control plane
     * @throws InvalidDocumentException naming every field that is wrong
     */
    public static void validate(OperationSpec spec, boolean fromUser) {
        List<FieldError> errors = new ArrayList<>();
        if (spec == null) {
            throw new InvalidDocumentException(new FieldError(null, "spec", "missing; say which cluster and type"));
        }
        ClusterValidator.checkClusterName(spec.cluster())
                .ifPresent(error -> errors.add(new FieldError(null, "spec.cluster", error.message())));
        String type = spec.type();
        if (type == null || !ALLOWED.containsKey(type)) {
            errors.add(new FieldError(
                    null,
                    "spec.type",
                    (type == null ? "missing" : "'" + type + "' is not an operation type")
                            + "; use one of switchover, restart, rebuild, decommission, scale"));
            throw new InvalidDocumentException(errors);
        }
        if (fromUser && type.equals(OperationSpec.ROLLING_UPDATE)) {
            errors.add(new FieldError(
                    null,
                    "spec.type",
                    "a rolling-update is started by the control plane when a spec change needs restarts; for a"
                            + " rolling restart use type restart without a member"));
        }
        Set<String> allowed = ALLOWED.get(type);
        reject(allowed, "member", spec.member(), type, errors);
        reject(allowed, "to", spec.to(), type, errors);
        reject(allowed, "component", spec.component(), type, errors);
        reject(allowed, "replicas", spec.replicas(), type, errors);
        reject(allowed, "keepData", spec.keepData(), type, errors);
        if ((type.equals(OperationSpec.REBUILD) || type.equals(OperationSpec.DECOMMISSION))
                && (spec.member() == null || spec.member().isBlank())) {
            errors.add(new FieldError(null, "spec.member", "missing; name the member to " + type));
        }
        if (type.equals(OperationSpec.SCALE)) {
            if (spec.component() == null || spec.component().isBlank()) {
                errors.add(new FieldError(null, "spec.component", "missing; name the component to scale"));
            }
            if (spec.replicas() == null) {
                errors.add(new FieldError(null, "spec.replicas", "missing; say how many members the component keeps"));
            } else if (spec.replicas() < 1) {
                errors.add(new FieldError(
                        null,
                        "spec.replicas",
                        spec.replicas() + " is too few; a component keeps at least 1 member (delete the cluster to"
                                + " remove them all)"));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidDocumentException(errors);
        }
    }

    private static void reject(Set<String> allowed, String field, Object value, String type, List<FieldError> errors) {
        if (value != null && !allowed.contains(field)) {
            errors.add(new FieldError(null, "spec." + field, "does not apply to a " + type + "; leave it out"));
        }
    }
}
