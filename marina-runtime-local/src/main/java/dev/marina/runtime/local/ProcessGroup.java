package dev.marina.runtime.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The processes of one member: a member is launched with setsid, so its first process leads a process group that
 * holds everything it starts. When that first process dies (a PostgreSQL postmaster killed with SIGKILL), the
 * processes it started can live on for a moment, still attached to the data; only the group finds them.
 *
 * <p>A process counts only while its working directory lies in the member's {@code directory} (PostgreSQL's processes
 * work in the data directory): after a reboot the recorded group id may belong to somebody else's processes.
 */
record ProcessGroup(long id, Path directory) {

    private static final Path PROC = Path.of("/proc");

    ProcessGroup {
        // The kernel reports working directories with symbolic links resolved.
        try {
            directory = directory.toRealPath();
        } catch (IOException e) {
            directory = directory.toAbsolutePath().normalize();
        }
    }

    /** The pids of the member's processes still in the group. */
    List<Long> members() {
        try (Stream<Path> entries = Files.list(PROC)) {
            return entries.map(path -> path.getFileName().toString())
                    .filter(name -> name.chars().allMatch(Character::isDigit))
                    .map(Long::parseLong)
                    .filter(pid -> groupOf(pid) == id)
                    .filter(this::worksInDirectory)
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    boolean isEmpty() {
        return members().isEmpty();
    }

    /**
     * Sends SIGKILL to every process of the group, the leader first so it starts nothing new; a process that is stopped
     * (SIGSTOP) dies too. Returns whether any process was left to kill.
     */
    boolean kill() {
        List<Long> pids = members();
        ProcessHandle.of(id).filter(pids::contains).ifPresent(ProcessHandle::destroyForcibly);
        pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        return !pids.isEmpty();
    }

    private boolean worksInDirectory(long pid) {
        try {
            return Files.readSymbolicLink(PROC.resolve(Long.toString(pid)).resolve("cwd"))
                    .startsWith(directory);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** The process group of {@code pid}, or -1 when the process is gone. */
    private static long groupOf(long pid) {
        try {
            String stat = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"), StandardCharsets.UTF_8);
            // After the command name in parentheses (which may itself hold spaces and parentheses): state, parent
            // pid, process group.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[2]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
