package dev.marina.runtime.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Optional;

/**
 * Which process runs a member: its pid and start time. The start time tells a live member from an unrelated process
 * that got the same pid after a reboot, so a restarted control plane adopts only its own members.
 */
record PidFile(long pid, Instant started) {

    static Optional<PidFile> read(Path path) {
        try {
            String[] words =
                    Files.readString(path, StandardCharsets.UTF_8).trim().split("\\s+");
            if (words.length != 2) {
                return Optional.empty();
            }
            return Optional.of(new PidFile(Long.parseLong(words[0]), Instant.parse(words[1])));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    void write(Path path) throws IOException {
        Path temporary = path.resolveSibling(path.getFileName() + ".tmp");
        Files.writeString(temporary, pid + " " + started + "\n", StandardCharsets.UTF_8);
        Files.move(temporary, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The process, when it still runs and is the one this file describes. */
    Optional<ProcessHandle> live() {
        return ProcessHandle.of(pid)
                .filter(PidFile::running)
                .filter(handle ->
                        handle.info().startInstant().map(this::sameStart).orElse(false));
    }

    /**
     * Alive and not a zombie. A killed process stays a zombie until its parent reaps it, which Java does a moment
     * later for its own children and an init that does not reap never does; {@link ProcessHandle#isAlive} counts a
     * zombie as alive, so a fenced member would still look running.
     */
    static boolean running(ProcessHandle process) {
        if (!process.isAlive()) {
            return false;
        }
        try {
            String stat =
                    Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"), StandardCharsets.UTF_8);
            // The state follows the command name in parentheses, which may itself hold spaces and parentheses.
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException | RuntimeException e) {
            return process.isAlive();
        }
    }

    private boolean sameStart(Instant actual) {
        // /proc reports start times in clock ticks; allow for rounding.
        return Math.abs(actual.toEpochMilli() - started.toEpochMilli()) < 1000;
    }
}
