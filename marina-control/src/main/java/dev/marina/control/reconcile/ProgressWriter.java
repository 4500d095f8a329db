package dev.marina.control.reconcile;

import static java.util.Objects.requireNonNull;

import dev.marina.control.step.StepProgress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * Saves a pass's step progress at most once per {@link #INTERVAL}, and what is left when the pass ends ({@link
 * #flush}). The runner reports every action twice (started, finished), and each report was a store write: twelve writes
 * of the state for a new cluster on Kubernetes, where nothing reads them back but people looking at the state. A pass
 * that dies with the control plane loses at most an interval of them. One pass, one thread at a time.
 */
final class ProgressWriter implements Consumer<List<StepProgress>> {

    static final Duration INTERVAL = Duration.ofSeconds(1);

    private final Clock clock;
    private final Consumer<List<StepProgress>> store;
    private List<StepProgress> latest;
    private List<StepProgress> saved;
    private Instant savedAt = Instant.MIN;

    ProgressWriter(Clock clock, Consumer<List<StepProgress>> store) {
        this.clock = requireNonNull(clock, "clock is null");
        this.store = requireNonNull(store, "store is null");
    }

    @Override
    public synchronized void accept(List<StepProgress> progress) {
        latest = List.copyOf(progress);
        Instant now = clock.instant();
        if (!now.isBefore(savedAt.plus(INTERVAL))) {
            save(now);
        }
    }

    /** Saves what was reported since the last save, if anything. */
    synchronized void flush() {
        if (latest != null && !latest.equals(saved)) {
            save(clock.instant());
        }
    }

    private void save(Instant now) {
        store.accept(latest);
        saved = latest;
        savedAt = now;
    }
}
