package dev.marina.control.step;

import java.time.Duration;

/** Durations in messages: "200 ms", "45 s", "2 min 30 s"; never a misleading "0 s". */
public final class Durations {

    private Durations() {}

    public static String describe(Duration duration) {
        if (duration.toMillis() < 1000) {
            return duration.toMillis() + " ms";
        }
        long seconds = duration.toSeconds();
        if (seconds < 60) {
            return seconds + " s";
        }
        return seconds % 60 == 0 ? seconds / 60 + " min" : seconds / 60 + " min " + seconds % 60 + " s";
    }
}
