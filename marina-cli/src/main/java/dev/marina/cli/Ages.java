package dev.marina.cli;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * How long ago something happened, the way kubectl prints it: precise when recent ({@code 45s}, {@code 5m30s}), coarse
 * when old ({@code 3h}, {@code 12d}).
 */
public final class Ages {

    private Ages() {}

    /** The age of an RFC 3339 timestamp, or {@code -} when it is missing or unreadable. */
    public static String since(String timestamp, Instant now) {
        requireNonNull(now, "now is null");
        if (timestamp == null || timestamp.isBlank()) {
            return "-";
        }
        try {
            return of(Duration.between(OffsetDateTime.parse(timestamp).toInstant(), now));
        } catch (DateTimeParseException e) {
            return "-";
        }
    }

    public static String of(Duration age) {
        requireNonNull(age, "age is null");
        // Clocks of two processes disagree a little; a timestamp a moment in the future is "now", not an error.
        long seconds = Math.max(0, age.toSeconds());
        long minutes = seconds / 60;
        long hours = minutes / 60;
        long days = hours / 24;
        if (seconds < 120) {
            return seconds + "s";
        }
        if (minutes < 10) {
            return seconds % 60 == 0 ? minutes + "m" : minutes + "m" + seconds % 60 + "s";
        }
        if (minutes < 180) {
            return minutes + "m";
        }
        if (hours < 8) {
            return minutes % 60 == 0 ? hours + "h" : hours + "h" + minutes % 60 + "m";
        }
        if (hours < 48) {
            return hours + "h";
        }
        if (hours < 24 * 8) {
            return hours % 24 == 0 ? days + "d" : days + "d" + hours % 24 + "h";
        }
        if (days < 365 * 2) {
            return days + "d";
        }
        long years = days / 365;
        return days % 365 == 0 || years >= 8 ? years + "y" : years + "y" + days % 365 + "d";
    }
}
