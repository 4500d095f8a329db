package dev.marina.control.store;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Optional;

/**
 * Who the control plane made primary, on which epoch, and which standbys may confirm its commits: the durable facts
 * failover decisions rest on. Written before a change is made visible where a crash in between must err on the safe
 * side, so a restarted control plane can finish or undo what it began.
 *
 * @param primary the member that is primary, or was when it failed
 * @param epoch the primary's epoch when it was recorded (a PostgreSQL timeline); 0 while unknown
 * @param synchronousStandbys the standbys the primary may be configured to wait for. It always holds every standby
 *     the primary actually waits for (a standby is added here before the primary is told, and removed only after), so
 *     the most advanced of them holds every acknowledged commit
 * @param mustRewind members whose history forked from the primary's (they were primary when another was promoted):
 *     they must be rewound before they follow, and are never started as they are
 * @param failover a failover under way, or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Leadership(
        String primary, long epoch, List<String> synchronousStandbys, List<String> mustRewind, Failover failover) {

    public Leadership {
        requireNonNull(primary, "primary is null");
        synchronousStandbys = synchronousStandbys == null ? List.of() : List.copyOf(synchronousStandbys);
        mustRewind = mustRewind == null ? List.of() : List.copyOf(mustRewind);
    }

    /**
     * A failover the control plane began: {@code from} is being (or was) fenced and {@code to} promoted.
     *
     * @param startedAt when it began (ISO-8601)
     */
    public record Failover(String from, String to, String startedAt) {

        public Failover {
            requireNonNull(from, "from is null");
            requireNonNull(to, "to is null");
            requireNonNull(startedAt, "startedAt is null");
        }
    }

    public Optional<Failover> failoverUnderWay() {
        return Optional.ofNullable(failover);
    }

    public Leadership withSynchronousStandbys(List<String> standbys) {
        return new Leadership(primary, epoch, standbys, mustRewind, failover);
    }

    public Leadership withEpoch(long newEpoch) {
        return new Leadership(primary, newEpoch, synchronousStandbys, mustRewind, failover);
    }

    public Leadership withFailover(Failover started) {
        return new Leadership(primary, epoch, synchronousStandbys, mustRewind, started);
    }

    public Leadership rewound(String member) {
        return new Leadership(
                primary,
                epoch,
                synchronousStandbys,
                mustRewind.stream().filter(name -> !name.equals(member)).toList(),
                failover);
    }

    /** Forgets a member that was removed from the cluster. */
    public Leadership without(String member) {
        return new Leadership(
                primary,
                epoch,
                synchronousStandbys.stream()
                        .filter(name -> !name.equals(member))
                        .toList(),
                mustRewind.stream().filter(name -> !name.equals(member)).toList(),
                failover);
    }
}
