package dev.marina.bench;

import java.util.Locale;

/** Progress lines on stderr while a benchmark runs; stdout holds only the results. */
final class Progress {

    private Progress() {}

    static void print(String format, Object... arguments) {
        System.err.println(String.format(Locale.ROOT, format, arguments));
    }
}
