package dev.marina.control.reconcile;

import java.time.Duration;

/** Time limits and intervals of reconciliation. */
public record ReconcileSettings(
        Duration interval, Duration startTimeout, Duration bootstrapTimeout, Duration cloneTimeout) {

    public static final ReconcileSettings DEFAULT = new ReconcileSettings(
            Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofSeconds(120), Duration.ofMinutes(30));
}
