package dev.marina.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/** Removes what a benchmark left on disk, the engine user's data directories included. */
final class Directories {

    private Directories() {}

    /**
     * Kills whatever still runs with {@code marker} on its command line, then deletes {@code directory}; reports
     * failures on stderr rather than hiding the benchmark's result behind them. Only processes started on the
     * benchmark's own directory match: other PostgreSQL servers on the machine are left alone.
     */
    static void killAndDelete(String marker, Path directory) {
        ProcessHandle.allProcesses()
                .filter(process -> process.info()
                        .commandLine()
                        .map(line -> line.contains(marker))
                        .orElse(false))
                .forEach(ProcessHandle::destroyForcibly);
        try {
            deleteTree(directory);
        } catch (IOException e) {
            System.err.println("could not remove " + directory + ": " + e.getMessage());
        }
    }

    static void deleteTree(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (var paths = Files.walk(path)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(file -> file.toFile().delete());
        }
    }
}
