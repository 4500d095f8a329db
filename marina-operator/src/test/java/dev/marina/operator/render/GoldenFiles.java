package dev.marina.operator.render;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Compares rendered text with a checked-in golden file and fails with the lines that differ. To accept an intended
 * change: run the tests with {@code -Dgolden.update=true}, then review the golden files' diff before committing it.
 */
final class GoldenFiles {

    static final Path DIRECTORY = Path.of("src/test/resources/golden");
    private static final String UPDATE = "golden.update";

    private GoldenFiles() {}

    static void assertMatches(String name, String rendered) throws IOException {
        Path golden = DIRECTORY.resolve(name);
        if (Boolean.getBoolean(UPDATE)) {
            Files.createDirectories(golden.getParent());
            Files.writeString(golden, rendered, StandardCharsets.UTF_8);
            return;
        }
        if (!Files.exists(golden)) {
            fail("no golden file " + golden + "; run with -D" + UPDATE + "=true to write it, then review it");
        }
        String expected = Files.readString(golden, StandardCharsets.UTF_8);
        if (!expected.equals(rendered)) {
            fail("the rendering differs from " + golden + ":\n" + diff(expected, rendered)
                    + "\nIf the change is intended, run with -D" + UPDATE + "=true and review the golden file's diff.");
        }
    }

    /** The differing lines, each with its line number: enough to see what changed without a diff library. */
    static String diff(String expected, String actual) {
        List<String> before = expected.lines().toList();
        List<String> after = actual.lines().toList();
        List<String> lines = new ArrayList<>();
        int shown = 0;
        for (int index = 0; index < Math.max(before.size(), after.size()) && shown < 40; index++) {
            String old = index < before.size() ? before.get(index) : null;
            String now = index < after.size() ? after.get(index) : null;
            if (old == null || !old.equals(now)) {
                lines.add("line " + (index + 1) + ":");
                if (old != null) {
                    lines.add("  - " + old);
                }
                if (now != null) {
                    lines.add("  + " + now);
                }
                shown++;
            }
        }
        if (before.size() != after.size()) {
            lines.add("(" + before.size() + " lines expected, " + after.size() + " rendered)");
        }
        return String.join("\n", lines);
    }
}
