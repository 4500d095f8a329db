package dev.marina.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.marina.api.validation.Quantity;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
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
// The range check of Durations and ClusterValidator, for the forms CEL's duration() reads (lower-case units) and for
// plain seconds; other spellings the validator accepts (upper-case units) are left to it.
@ValidationRule(
        value = "!has(self.probeInterval) || (self.probeInterval.matches('^[0-9]{1,9}$')"
                + " ? int(self.probeInterval) >= 1 && int(self.probeInterval) <= 60"
                + " : (!self.probeInterval.matches('^([0-9]{1,9}(ms|h|m|s))+$')"
                + " || (duration(self.probeInterval) >= duration('50ms')"
                + " && duration(self.probeInterval) <= duration('60s'))))",
        message = "spec.availability.probeInterval must be between 50ms and 60s")
public record AvailabilitySpec(
        @JsonPropertyDescription("A commit waits for one standby (needs at least 2 members). Default false.")
        Boolean synchronous,

        @JsonPropertyDescription("automatic (default): a failed primary is fenced and the best replica promoted;"
                + " manual: the failure is reported and nobody is promoted.")
        String failover,

        @Size(max = 32)
        @Pattern("^([0-9]{1,9}|([0-9]{1,9}([mM][sS]|[hHmMsS]))+)$")
        @JsonPropertyDescription("How often every member is probed: 250ms, 1s, 1m30s or plain seconds; 50ms to 60s.")
        String probeInterval,

        @Min(1)
        @Max(100)
        @JsonPropertyDescription("Missed probes in a row before a running member counts as failed. Default 4.")
        Integer failureThreshold,

        @Size(max = 32)
        @Pattern(Quantity.PATTERN)
        @JsonPropertyDescription("How far behind (bytes, a quantity such as 16Mi) a replica may be and still be"
                + " promoted. Default 16Mi.")
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
