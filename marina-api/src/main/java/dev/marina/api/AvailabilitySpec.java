package dev.marina.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.marina.api.validation.Quantity;
import java.time.Duration;

/**
 * How available the data must be, and how fast a failed primary is replaced.
 *
 * @param synchronous a commit waits for one standby, so no acknowledged write is lost when the primary dies
 * @param failover {@code automatic} (the default): a failed primary is fenced and the best replica promoted; {@code
 *     manual}: the failure is reported and nobody is promoted
 * @param probeInterval how often every member is asked what it is ({@code 250ms} by default)
 * @param failureThreshold how many probes in a row a running member may miss before it is declared failed (4 by
 *     default); a member whose process is gone is failed at once
 * @param maximumLagOnFailover how far (bytes, as a quantity such as {@code 16Mi}) behind the last position seen on
 *     the failed primary a replica may be and still be promoted
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AvailabilitySpec(
        Boolean synchronous,
        String failover,
        String probeInterval,
        Integer failureThreshold,
        String maximumLagOnFailover) {

    public static final String AUTOMATIC = "automatic";
    public static final String MANUAL = "manual";
    public static final String DEFAULT_PROBE_INTERVAL = "250ms";
    public static final int DEFAULT_FAILURE_THRESHOLD = 4;
    public static final String DEFAULT_MAXIMUM_LAG_ON_FAILOVER = "16Mi";

    public static final AvailabilitySpec DEFAULT = new AvailabilitySpec(
            false, AUTOMATIC, DEFAULT_PROBE_INTERVAL, DEFAULT_FAILURE_THRESHOLD, DEFAULT_MAXIMUM_LAG_ON_FAILOVER);

    public boolean isSynchronous() {
        return Boolean.TRUE.equals(synchronous);
    }

    public String failoverOrDefault() {
        return failover == null ? AUTOMATIC : failover;
    }

    public boolean isAutomaticFailover() {
        return AUTOMATIC.equals(failoverOrDefault());
    }

    public String probeIntervalOrDefault() {
        return probeInterval == null ? DEFAULT_PROBE_INTERVAL : probeInterval;
    }

    /** The probe interval; only for a validated spec. */
    public Duration probeIntervalDuration() {
        return Durations.parse(probeIntervalOrDefault());
    }

    public int failureThresholdOrDefault() {
        return failureThreshold == null ? DEFAULT_FAILURE_THRESHOLD : failureThreshold;
    }

    public String maximumLagOnFailoverOrDefault() {
        return maximumLagOnFailover == null ? DEFAULT_MAXIMUM_LAG_ON_FAILOVER : maximumLagOnFailover;
    }

    /** The lag budget in bytes; only for a validated spec. */
    public long maximumLagOnFailoverBytes() {
        return Quantity.bytes(maximumLagOnFailoverOrDefault());
    }

    /** Every field set, defaults filled in. */
    public AvailabilitySpec withDefaults() {
        return new AvailabilitySpec(
                isSynchronous(),
                failoverOrDefault(),
                probeIntervalOrDefault(),
                failureThresholdOrDefault(),
                maximumLagOnFailoverOrDefault());
    }
}
