package dev.marina.cli;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The last lines of a log file, to show why a process died without sending the user to find the file. */
public final class LogTail {

    // Enough for 20 long lines; reading a whole log that has grown for months would be wasteful.
    private static final long MAX_BYTES = 64 * 1024;

    private LogTail() {}

    /** The size of {@code file} now, so that a later tail shows only what was written after this moment. */
    public static long sizeOf(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** Up to {@code count} last lines written at or after byte {@code from}; empty when the file cannot be read. */
    public static List<String> lastLines(Path file, long from, int count) {
        requireNonNull(file, "file is null");
        try (RandomAccessFile input = new RandomAccessFile(file.toFile(), "r")) {
            long start = Math.max(from, input.length() - MAX_BYTES);
            if (start >= input.length()) {
                return List.of();
            }
            byte[] bytes = new byte[(int) (input.length() - start)];
            input.seek(start);
            input.readFully(bytes);
            List<String> lines =
                    new String(bytes, StandardCharsets.UTF_8).lines().toList();
            return List.copyOf(lines.subList(Math.max(0, lines.size() - count), lines.size()));
        } catch (IOException e) {
            return List.of();
        }
    }
}
