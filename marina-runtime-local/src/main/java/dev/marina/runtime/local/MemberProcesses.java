package dev.marina.runtime.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * The processes of one member: every process of the member directory's owner (the engine user) whose working
 * directory lies in that directory. Not the member's process group: the member is launched with setsid, but
 * PostgreSQL makes each process it starts the leader of a session of its own, so the postmaster's group holds the
 * postmaster alone. The working directory finds them all, also once the first process died and init adopted the
 * others; the owner leaves alone anybody else who happens to work there (an operator's shell as root).
 */
record MemberProcesses(Path directory, long owner) {

    private static final Path PROC = Path.of("/proc");

    /** The processes working in {@code memberDirectory}; none when the directory does not exist. */
    static MemberProcesses in(Path memberDirectory) {
        try {
            // The kernel reports working directories with symbolic links resolved.
            Path real = memberDirectory.toRealPath();
            Number owner = (Number) Files.getAttribute(real, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            return new MemberProcesses(real, owner.longValue());
        } catch (IOException | RuntimeException e) {
            return new MemberProcesses(memberDirectory.toAbsolutePath().normalize(), -1);
        }
    }

    /** The pids of the member's living processes (a zombie has no working directory left: it is dead). */
    List<Long> pids() {
        if (owner < 0) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(PROC)) {
            return entries.map(path -> path.getFileName().toString())
                    .filter(name -> !name.isEmpty() && name.chars().allMatch(Character::isDigit))
                    .map(Long::parseLong)
                    .filter(this::worksInDirectory)
                    .filter(pid -> userOf(pid) == owner)
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    boolean isEmpty() {
        return pids().isEmpty();
    }

    /**
     * Sends SIGKILL to every process of the member, {@code first} (the postmaster) before the others so that it
     * neither starts new ones nor reacts to their deaths; a stopped (SIGSTOP) process dies too. Returns the processes
     * it found to kill.
     */
    List<Long> kill(OptionalLong first) {
        List<Long> pids = pids();
        first.stream()
                .filter(pids::contains)
                .forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        return pids;
    }

    private boolean worksInDirectory(long pid) {
        try {
            return Files.readSymbolicLink(PROC.resolve(Long.toString(pid)).resolve("cwd"))
                    .startsWith(directory);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** The real user id of {@code pid}, or -1 when the process is gone. */
    private static long userOf(long pid) {
        try {
            for (String line :
                    Files.readAllLines(PROC.resolve(Long.toString(pid)).resolve("status"), StandardCharsets.UTF_8)) {
                if (line.startsWith("Uid:")) {
                    return Long.parseLong(line.substring(4).strip().split("\\s+")[0]);
                }
            }
            return -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
