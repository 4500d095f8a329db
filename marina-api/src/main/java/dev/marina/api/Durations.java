package dev.marina.api;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people type them on a command line ({@code 90s}, {@code 2m}, {@code 1m30s}, {@code 120}) and back. */
public final class Durations {

    private static final Pattern PLAIN_SECONDS = Pattern.compile("[0-9]{1,9}");
    private static final Pattern WHOLE = Pattern.compile("(?:[0-9]{1,9}(?:ms|h|m|s))+");
    private static final Pattern PART = Pattern.compile("([0-9]{1,9})(ms|h|m|s)");

    private Durations() {}

    /**
     * Reads {@code text}; a plain number means seconds.
     *
     * @throws IllegalArgumentException naming the accepted forms, when {@code text} is not a duration
     */
    public static Duration parse(String text) {
        requireNonNull(text, "text is null");
        String trimmed = text.strip().toLowerCase(Locale.ROOT);
        if (PLAIN_SECONDS.matcher(trimmed).matches()) {
            return Duration.ofSeconds(Long.parseLong(trimmed));
        }
        if (!WHOLE.matcher(trimmed).matches()) {
            throw new IllegalArgumentException(
                    "'" + text + "' is not a duration; write e.g. 90s, 2m, 1m30s, 1h or 120 (seconds)");
        }
        Duration total = Duration.ZERO;
        Matcher part = PART.matcher(trimmed);
        while (part.find()) {
            long amount = Long.parseLong(part.group(1));
            total = total.plus(
                    switch (part.group(2)) {
                        case "h" -> Duration.ofHours(amount);
                        case "m" -> Duration.ofMinutes(amount);
                        case "s" -> Duration.ofSeconds(amount);
                        case "ms" -> Duration.ofMillis(amount);
                        default -> throw new IllegalStateException("unexpected unit " + part.group(2));
                    });
        }
        return total;
    }

    /** {@code 1m30s}, {@code 2m}, {@code 45s}, {@code 1h5m}: the same forms {@link #parse} reads. */
    public static String format(Duration duration) {
        requireNonNull(duration, "duration is null");
        long seconds = Math.max(0, duration.toSeconds());
        if (seconds == 0 && duration.toMillis() > 0) {
            return duration.toMillis() + "ms";
        }
        long hours = seconds / 3600;
        long minutes = seconds % 3600 / 60;
        long rest = seconds % 60;
        StringBuilder text = new StringBuilder();
        if (hours > 0) {
            text.append(hours).append('h');
        }
        if (minutes > 0) {
            text.append(minutes).append('m');
        }
        if (rest > 0 || text.isEmpty()) {
            text.append(rest).append('s');
        }
        return text.toString();
    }
}
