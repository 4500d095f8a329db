package dev.marina.runtime.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Every process of one member, also those its first process left behind. A PostgreSQL postmaster puts each child in a
 * session of its own, so neither its process group nor, once it died, its process tree finds them: a child of a killed
 * postmaster is handed to init and may still hold the data for a moment. What they share is where they work (the data
 * directory) and what they run (the engine's program), and that is how they are found.
 *
 * @param leader the pid of the member's first process, as recorded at start
 * @param directory the member's directory; a process counts only while it works below it
 * @param program the program the member runs; when known, a process counts only while it runs it (so an operator's
 *     shell that happens to sit in the data directory is never touched)
 */
record MemberProcesses(long leader, Path directory, Optional<String> program) {

    private static final Path PROC = Path.of("/proc");

    MemberProcesses {
        // The kernel reports working directories and programs with symbolic links resolved.
        directory = real(directory);
        program = program.map(path -> real(Path.of(path)).toString());
    }

    /** The pids of the member's processes still alive (zombies excluded). */
    List<Long> find() {
        Set<Long> found = new LinkedHashSet<>();
        ProcessHandle.of(leader).filter(this::belongs).ifPresent(handle -> {
            found.add(handle.pid());
            handle.descendants().map(ProcessHandle::pid).forEach(found::add);
        });
        try (Stream<Path> entries = Files.list(PROC)) {
            entries.map(path -> path.getFileName().toString())
                    .filter(name -> name.chars().allMatch(Character::isDigit))
                    .map(Long::parseLong)
                    .filter(pid -> worksInDirectory(pid) && runsProgram(pid))
                    .forEach(found::add);
        } catch (IOException e) {
            // Without /proc only the leader's tree is known.
        }
        found.removeIf(MemberProcesses::isGone);
        return List.copyOf(found);
    }

    /**
     * Sends SIGKILL to every process of the member, the leader first so it starts nothing new; a stopped (SIGSTOP)
     * process dies too. Returns whether any process was left to kill.
     */
    boolean kill() {
        List<Long> pids = find();
        ProcessHandle.of(leader)
                .filter(handle -> pids.contains(handle.pid()))
                .ifPresent(ProcessHandle::destroyForcibly);
        pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        return !pids.isEmpty();
    }

    /** Whether {@code pid} no longer runs: it is gone, or a zombie waiting for its parent to collect it. */
    static boolean isGone(long pid) {
        try {
            String stat = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"), StandardCharsets.UTF_8);
            // The state follows the command name in parentheses, which may itself hold spaces and parentheses.
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state == 'Z' || state == 'X';
        } catch (IOException | RuntimeException e) {
            return true;
        }
    }

    private boolean belongs(ProcessHandle handle) {
        return worksInDirectory(handle.pid()) && runsProgram(handle.pid());
    }

    private boolean worksInDirectory(long pid) {
        try {
            return Files.readSymbolicLink(PROC.resolve(Long.toString(pid)).resolve("cwd"))
                    .startsWith(directory);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private boolean runsProgram(long pid) {
        if (program.isEmpty()) {
            return true;
        }
        try {
            return Files.readSymbolicLink(PROC.resolve(Long.toString(pid)).resolve("exe"))
                    .toString()
                    .equals(program.get());
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static Path real(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return path.toAbsolutePath().normalize();
        }
    }
}
