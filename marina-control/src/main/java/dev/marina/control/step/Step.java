package dev.marina.control.step;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;

/**
 * A small, named, idempotent piece of work, or a combination of them. A step may run twice, or be cut short and run
 * again after a restart, and reach the same end state.
 */
public sealed interface Step {

    String name();

    /** The work itself. */
    @FunctionalInterface
    interface Work {
        void run() throws Exception;
    }

    record Action(String name, Work work) implements Step {
        public Action {
            requireNonNull(name, "name is null");
            requireNonNull(work, "work is null");
        }
    }

    /** Runs its steps in order; stops at the first failure. */
    record Sequential(String name, List<Step> steps) implements Step {
        public Sequential {
            steps = List.copyOf(steps);
        }
    }

    /** Runs its steps at once; fails when any fails, after all have finished. */
    record Parallel(String name, List<Step> steps) implements Step {
        public Parallel {
            steps = List.copyOf(steps);
        }
    }

    /** Runs its step up to {@code attempts} times, waiting {@code backoff} (doubling) between attempts. */
    record Retry(Step step, int attempts, Duration backoff) implements Step {
        public Retry {
            requireNonNull(step, "step is null");
            if (attempts < 1) {
                throw new IllegalArgumentException("attempts must be at least 1");
            }
        }

        @Override
        public String name() {
            return step.name();
        }
    }

    /** Fails its step when it takes longer than {@code limit}. */
    record Timeout(Step step, Duration limit) implements Step {
        public Timeout {
            requireNonNull(step, "step is null");
            requireNonNull(limit, "limit is null");
        }

        @Override
        public String name() {
            return step.name();
        }
    }

    static Step action(String name, Work work) {
        return new Action(name, work);
    }

    static Step sequential(String name, List<Step> steps) {
        return new Sequential(name, steps);
    }

    static Step parallel(String name, List<Step> steps) {
        return new Parallel(name, steps);
    }

    static Step retry(Step step, int attempts, Duration backoff) {
        return new Retry(step, attempts, backoff);
    }

    static Step timeout(Step step, Duration limit) {
        return new Timeout(step, limit);
    }
}
