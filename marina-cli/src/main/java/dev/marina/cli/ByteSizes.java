package dev.marina.cli;

import java.util.Locale;

/** Byte counts for people ({@code 0B}, {@code 512B}, {@code 1.5KiB}, {@code 16MiB}), used for replication lag. */
public final class ByteSizes {

    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

    private ByteSizes() {}

    public static String format(Long bytes) {
        if (bytes == null) {
            return null;
        }
        if (bytes < 1024) {
            return bytes + "B";
        }
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        String number = value >= 10 || value == Math.floor(value)
                ? String.valueOf(Math.round(Math.floor(value)))
                : String.format(Locale.ROOT, "%.1f", Math.floor(value * 10) / 10);
        return number + UNITS[unit];
    }
}
