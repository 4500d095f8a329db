package dev.marina.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ProgressTest {

    /** A clock the test moves by hand, so dots appear without waiting. */
    private static final class SteppedClock extends Clock {
        private Instant now = Instant.parse("2026-11-20T10:00:00Z");

        void advance(Duration step) {
            now = now.plus(step);
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

    private final StringWriter err = new StringWriter();
    private final SteppedClock clock = new SteppedClock();
    private final Progress progress = new Progress(new PrintWriter(err, true), clock);

    @Test
    void addsADotPerSecondAndEndsTheLine() {
        progress.begin("starting");
        progress.tick();
        clock.advance(Duration.ofMillis(1000));
        progress.tick();
        progress.tick();
        clock.advance(Duration.ofMillis(2500));
        progress.tick();
        progress.end("done");

        assertThat(err.toString()).isEqualTo("starting .. done\n");
    }

    @Test
    void aQuickEndNeedsNoDots() {
        progress.begin("starting");
        progress.end("done");

        assertThat(err.toString()).isEqualTo("starting done\n");
    }

    @Test
    void newsClosesTheLineOfDotsFirst() {
        progress.begin("waiting");
        clock.advance(Duration.ofSeconds(1));
        progress.tick();
        progress.line("demo-postgres-1 primary running");
        progress.end("done");

        assertThat(err.toString()).isEqualTo("waiting .\ndemo-postgres-1 primary running\n");
    }
}
