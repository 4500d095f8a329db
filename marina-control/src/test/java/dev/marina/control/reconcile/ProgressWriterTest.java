package dev.marina.control.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marina.control.step.StepProgress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressWriterTest {

    private final List<List<StepProgress>> saved = new ArrayList<>();
    private final MovableClock clock = new MovableClock();
    private final ProgressWriter writer = new ProgressWriter(clock, saved::add);

    @Test
    void theFirstReportIsSavedAtOnceAndTheNextOnesAtMostOncePerInterval() {
        writer.accept(List.of(step("a", StepProgress.RUNNING)));
        writer.accept(List.of(step("a", StepProgress.SUCCEEDED)));
        writer.accept(List.of(step("a", StepProgress.SUCCEEDED), step("b", StepProgress.RUNNING)));

        assertThat(saved).containsExactly(List.of(step("a", StepProgress.RUNNING)));

        clock.advance(ProgressWriter.INTERVAL);
        writer.accept(List.of(step("a", StepProgress.SUCCEEDED), step("b", StepProgress.SUCCEEDED)));

        assertThat(saved).hasSize(2);
        assertThat(saved.get(1)).extracting(StepProgress::state).containsExactly("succeeded", "succeeded");
    }

    @Test
    void theEndOfThePassSavesWhatWasHeldBackOnce() {
        writer.accept(List.of(step("a", StepProgress.RUNNING)));
        writer.accept(List.of(step("a", StepProgress.FAILED)));

        writer.flush();
        writer.flush();

        assertThat(saved)
                .containsExactly(List.of(step("a", StepProgress.RUNNING)), List.of(step("a", StepProgress.FAILED)));
    }

    @Test
    void aPassWithoutStepsSavesNothing() {
        writer.flush();

        assertThat(saved).isEmpty();
    }

    private static StepProgress step(String path, String phase) {
        return new StepProgress(path, phase, 1, "", "2026-11-21T00:00:00Z", null);
    }

    /** A clock the test moves by hand. */
    private static final class MovableClock extends Clock {
        private Instant now = Instant.parse("2026-11-21T00:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
