package dev.marina.runtime.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Optional;

/**
 * Which process runs a member: its pid, start time and program. The start time tells a live member from an unrelated
 * process that got the same pid after a reboot, so a restarted control plane adopts only its own members; the program
 * finds the processes a member leaves behind when its first process dies.
 */
record PidFile(long pid, Instant started, Optional<String> program) {

    PidFile(long pid, Instant started) {
        this(pid, started, Optional.empty());
    }

    static Optional<PidFile> read(Path path) {
        try {
            String[] words =
                    Files.readString(path, StandardCharsets.UTF_8).trim().split("\\s+", 3);
            if (words.length < 2) {
                return Optional.empty();
            }
            return Optional.of(new PidFile(
                    Long.parseLong(words[0]),
                    Instant.parse(words[1]),
                    words.length == 3 ? Optional.of(words[2]) : Optional.empty()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    void write(Path path) throws IOException {
        Path temporary = path.resolveSibling(path.getFileName() + ".tmp");
        Files.writeString(
                temporary,
                pid + " " + started + program.map(name -> " " + name).orElse("") + "\n",
                StandardCharsets.UTF_8);
        Files.move(temporary, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The process, when it still runs and is the one this file describes. */
    Optional<ProcessHandle> live() {
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(handle -> !MemberProcesses.isGone(handle.pid()))
                .filter(handle ->
                        handle.info().startInstant().map(this::sameStart).orElse(false));
    }

    private boolean sameStart(Instant actual) {
        // /proc reports start times in clock ticks; allow for rounding.
        return Math.abs(actual.toEpochMilli() - started.toEpochMilli()) < 1000;
    }
}
