package dev.marina.operator.agent;

import static java.util.Objects.requireNonNull;

import dev.marina.operator.render.MemberPlanFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The manifest of a member's plan ({@link MemberPlanFiles#MANIFEST}), one line per file:
 *
 * <pre>
 * config postgresql.conf /etc/marina/config/postgresql.conf
 * secret pgpass /etc/marina/config/pgpass
 * absent /var/lib/marina/data/standby.signal
 * </pre>
 *
 * {@code config} and {@code secret} copy a key of the member's ConfigMap or Secret to a path; {@code absent} removes a
 * path. Lines starting with {@code #} are comments.
 */
record PlanManifest(List<File> files, List<Path> absent) {

    /** A key of the ConfigMap ({@code secret} false) or the Secret, and where it goes. */
    record File(String key, boolean secret, Path path) {

        File {
            requireNonNull(key, "key is null");
            requireNonNull(path, "path is null");
        }
    }

    PlanManifest {
        files = List.copyOf(files);
        absent = List.copyOf(absent);
    }

    static PlanManifest parse(String text) {
        List<File> files = new ArrayList<>();
        List<Path> absent = new ArrayList<>();
        List<String> lines = text.lines().toList();
        for (int index = 0; index < lines.size(); index++) {
            String line = lines.get(index).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] words = line.split(" ", 3);
            String where = "line " + (index + 1) + " of " + MemberPlanFiles.MANIFEST;
            switch (words[0]) {
                case "config", "secret" -> {
                    if (words.length != 3) {
                        throw new IllegalArgumentException(where + " must read '" + words[0] + " KEY PATH'");
                    }
                    files.add(new File(words[1], words[0].equals("secret"), absolute(words[2], where)));
                }
                case "absent" -> {
                    if (words.length != 2) {
                        throw new IllegalArgumentException(where + " must read 'absent PATH'");
                    }
                    absent.add(absolute(words[1], where));
                }
                default ->
                    throw new IllegalArgumentException(
                            where + " starts with '" + words[0] + "'; a line starts with config, secret or absent");
            }
        }
        return new PlanManifest(files, absent);
    }

    private static Path absolute(String text, String where) {
        Path path = Path.of(text);
        if (!path.isAbsolute()) {
            throw new IllegalArgumentException(where + " names the relative path " + text + "; it must be absolute");
        }
        return path;
    }
}
