package dev.marina.operator.agent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The engine's processes: every living process, other than the agent itself, whose working directory lies in the
 * member's directory. The engine starts there and PostgreSQL's processes work in its data directory below it, so this
 * finds the backends a killed postmaster left behind, which are no longer its descendants. The local runtime's
 * {@code MemberProcesses} also asks for the directory owner's user id; in a pod the volume's mount point belongs to
 * root (the pod's fsGroup gives the engine its group only), so that filter would find nothing: everything in the
 * container is the member's own anyway.
 */
record EngineProcesses(Path directory) {

    private static final Path PROC = Path.of("/proc");

    static EngineProcesses in(Path memberDirectory) {
        try {
            // The kernel reports working directories with symbolic links resolved.
            return new EngineProcesses(memberDirectory.toRealPath());
        } catch (IOException e) {
            return new EngineProcesses(memberDirectory.toAbsolutePath().normalize());
        }
    }

    /** The pids of the living processes (a zombie has no working directory: it is dead, waiting to be reaped). */
    List<Long> pids() {
        long self = ProcessHandle.current().pid();
        try (Stream<Path> entries = Files.list(PROC)) {
            return entries.map(path -> path.getFileName().toString())
                    .filter(name -> !name.isEmpty() && name.chars().allMatch(Character::isDigit))
                    .map(Long::parseLong)
                    .filter(pid -> pid != self)
                    .filter(this::worksInDirectory)
                    .filter(EngineProcesses::alive)
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Whether {@code pid} lives: a zombie counts as dead, though {@link ProcessHandle#isAlive} says otherwise. */
    static boolean alive(long pid) {
        try {
            String stat = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"), StandardCharsets.UTF_8);
            // The state follows the command name in parentheses, which may itself hold spaces and parentheses.
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private boolean worksInDirectory(long pid) {
        try {
            return Files.readSymbolicLink(PROC.resolve(Long.toString(pid)).resolve("cwd"))
                    .startsWith(directory);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
