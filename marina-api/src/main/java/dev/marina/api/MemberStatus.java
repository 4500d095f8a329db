package dev.marina.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One member as observed: its engine-reported {@code role} with the {@code epoch} that versions it (a PostgreSQL
 * timeline), its {@code state}, where to reach it, and how far behind the primary it is: in bytes ({@code lag}) and in
 * seconds ({@code lagSeconds}: how old the last change it applied is while it has more to apply; 0 when it has applied
 * all it received; absent when unknown).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MemberStatus(
        String name,
        String component,
        String role,
        Long epoch,
        String state,
        String endpoint,
        Long lag,
        Long lagSeconds,
        Long pid,
        String message) {

    /** A member whose lag in seconds is not known: not running, not a data member, or an engine that does not say. */
    public MemberStatus(
            String name,
            String component,
            String role,
            Long epoch,
            String state,
            String endpoint,
            Long lag,
            Long pid,
            String message) {
        this(name, component, role, epoch, state, endpoint, lag, null, pid, message);
    }

    public static final String STATE_STARTING = "starting";
    public static final String STATE_RUNNING = "running";
    public static final String STATE_STREAMING = "streaming";
    public static final String STATE_STOPPED = "stopped";
    public static final String STATE_FAILED = "failed";

    public static final String ROLE_PRIMARY = "primary";
    public static final String ROLE_REPLICA = "replica";
}
