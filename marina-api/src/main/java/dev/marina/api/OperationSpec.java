package dev.marina.api;

import com.fasterxml.jackson.annotation.JsonInclude;
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
public record OperationSpec(
        String cluster,
        String type,
        String member,
        String to,
        String component,
        Integer replicas,
        Boolean keepData,
        Boolean force,
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
