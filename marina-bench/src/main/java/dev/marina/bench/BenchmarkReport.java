package dev.marina.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Replaces one scenario's section of docs/benchmarks.md, between markers, leaving the others alone. */
final class BenchmarkReport {

    private BenchmarkReport() {}

    static void update(Path file, String scenario, String section) throws IOException {
        String begin = "<!-- bench:" + scenario + ":begin -->";
        String end = "<!-- bench:" + scenario + ":end -->";
        String text = Files.exists(file)
                ? Files.readString(file, StandardCharsets.UTF_8)
                : "# Benchmarks\n\nEvery number here comes from a command in this repository; rerun it to check.\n"
                        + "This machine is shared and noisy: quote medians and ratios, not single runs.\n\n";
        String block = begin + "\n" + section.strip() + "\n" + end;
        int from = text.indexOf(begin);
        int to = text.indexOf(end);
        String updated = from >= 0 && to > from
                ? text.substring(0, from) + block + text.substring(to + end.length())
                : text.stripTrailing() + "\n\n" + block + "\n";
        Files.createDirectories(file.getParent());
        Files.writeString(file, updated, StandardCharsets.UTF_8);
    }
}
