package dev.marina.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * How available the data must be. {@code synchronous} makes a commit wait for one replica (no acknowledged write is
 * lost when the primary dies); {@code failover} is {@code automatic} (the default) or {@code manual} (report only).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AvailabilitySpec(Boolean synchronous, String failover) {

    public static final AvailabilitySpec DEFAULT = new AvailabilitySpec(false, "automatic");

    public boolean isSynchronous() {
        return Boolean.TRUE.equals(synchronous);
    }

    public String failoverOrDefault() {
        return failover == null ? "automatic" : failover;
    }
}
