package dev.marina.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/**
 * What an operation is to do. Which fields apply depends on {@code type}:
 *
 * <ul>
 *   <li>{@code switchover}: {@code to}, the replica to promote (empty: the best one);
 *   <li>{@code restart}: {@code member} (empty: a rolling restart of every member);
 *   <li>{@code rebuild}: {@code member}, whose data is wiped and copied again;
 *   <li>{@code decommission}: {@code member}, removed for good, and {@code keepData};
 *   <li>{@code scale}: {@code component} and {@code replicas};
 *   <li>{@code rolling-update}: implied by a spec change that needs restarts; {@code reason} says which.
 * </ul>
 *
 * @param force allow what would otherwise be refused because it gives up synchronous redundancy
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
// The fields each type accepts and needs, as OperationValidator checks them; it also refuses a rolling-update asked
// for by a user, which a schema cannot tell from one the control plane starts.
@ValidationRule(
        value = "!has(self.member) || self.type in ['restart', 'rebuild', 'decommission']",
        message = "spec.member does not apply to this type; leave it out")
@ValidationRule(value = "!has(self.to) || self.type == 'switchover'", message = "spec.to applies to a switchover only")
@ValidationRule(
        value = "!has(self.component) || self.type == 'scale'",
        message = "spec.component applies to a scale only")
@ValidationRule(
        value = "!has(self.replicas) || self.type == 'scale'",
        message = "spec.replicas applies to a scale only")
@ValidationRule(
        value = "!has(self.keepData) || self.type == 'decommission'",
        message = "spec.keepData applies to a decommission only")
@ValidationRule(
        value = "!(self.type in ['rebuild', 'decommission']) || (has(self.member) && size(self.member) > 0)",
        message = "spec.member is missing; name the member to rebuild or decommission")
@ValidationRule(
        value = "self.type != 'scale' || (has(self.component) && size(self.component) > 0 && has(self.replicas))",
        message = "a scale needs spec.component and spec.replicas")
public record OperationSpec(
        @Required
        @Size(max = 47)
        @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
        @JsonPropertyDescription("The cluster the operation acts on.")
        String cluster,

        @Required
        @JsonPropertyDescription("switchover, restart, rebuild, decommission or scale (rolling-update: started by"
                + " the control plane).")
        String type,

        @JsonPropertyDescription("The member to restart (empty: all, one by one), rebuild or decommission.")
        String member,

        @JsonPropertyDescription("switchover: the replica to promote (empty: the best one).")
        String to,

        @JsonPropertyDescription("scale: the component to scale.")
        String component,

        @Min(1) @JsonPropertyDescription("scale: how many members the component keeps.")
        Integer replicas,

        @JsonPropertyDescription("decommission: keep the member's data.")
        Boolean keepData,

        @JsonPropertyDescription("Allow what would otherwise be refused because it gives up synchronous redundancy.")
        Boolean force,

        @JsonPropertyDescription("rolling-update: which spec change needs the restarts.")
        String reason) {

    public static final String SWITCHOVER = "switchover";
    public static final String RESTART = "restart";
    public static final String REBUILD = "rebuild";
    public static final String DECOMMISSION = "decommission";
    public static final String SCALE = "scale";
    public static final String ROLLING_UPDATE = "rolling-update";

    public static final List<String> TYPES = List.of(SWITCHOVER, RESTART, REBUILD, DECOMMISSION, SCALE, ROLLING_UPDATE);

    public static OperationSpec of(String cluster, String type) {
        return new OperationSpec(cluster, type, null, null, null, null, null, null, null);
    }

    public OperationSpec withMember(String newMember) {
        return new OperationSpec(cluster, type, newMember, to, component, replicas, keepData, force, reason);
    }

    public OperationSpec withTo(String newTo) {
        return new OperationSpec(cluster, type, member, newTo, component, replicas, keepData, force, reason);
    }

    public OperationSpec withScale(String newComponent, Integer newReplicas) {
        return new OperationSpec(cluster, type, member, to, newComponent, newReplicas, keepData, force, reason);
    }

    public OperationSpec withKeepData(boolean keep) {
        return new OperationSpec(cluster, type, member, to, component, replicas, keep, force, reason);
    }

    public OperationSpec withForce(boolean newForce) {
        return new OperationSpec(cluster, type, member, to, component, replicas, keepData, newForce, reason);
    }

    public OperationSpec withReason(String newReason) {
        return new OperationSpec(cluster, type, member, to, component, replicas, keepData, force, newReason);
    }

    public boolean isForced() {
        return Boolean.TRUE.equals(force);
    }

    public boolean keepsData() {
        return Boolean.TRUE.equals(keepData);
    }
}
