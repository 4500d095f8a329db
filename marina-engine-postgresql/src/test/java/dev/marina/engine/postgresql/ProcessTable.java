package dev.marina.engine.postgresql;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The test's own view of /proc, independent of the runtime's: a member's processes are found by their working
 * directory and by their command line (PostgreSQL titles every process {@code postgres: <cluster_name>: ...}), so a
 * process the runtime overlooks still shows up here.
 */
final class ProcessTable {

    private static final Path PROC = Path.of("/proc");

    /** One process as /proc shows it. */
    record Entry(long pid, long group, char state, String command) {}

    private ProcessTable() {}

    /** Living processes (zombies are dead: they only wait to be reaped) that belong to the member. */
    static List<Entry> ofMember(Path memberDirectory, String memberName) {
        Path directory = realPath(memberDirectory);
        return all().filter(entry -> entry.state() != 'Z')
                .filter(entry -> worksIn(entry.pid(), directory)
                        || entry.command().contains(directory.toString())
                        || entry.command().contains(memberDirectory.toString())
                        || entry.command().startsWith("postgres: " + memberName + ": "))
                .toList();
    }

    /** Living processes of a process group. */
    static List<Entry> ofGroup(long group) {
        return all().filter(entry -> entry.state() != 'Z')
                .filter(entry -> entry.group() == group)
                .toList();
    }

    /** Living processes with a working directory under {@code directory}, whatever they are. */
    static List<Entry> under(Path directory) {
        Path real = realPath(directory);
        return all().filter(entry -> entry.state() != 'Z')
                .filter(entry -> worksIn(entry.pid(), real) || entry.command().contains(real.toString()))
                .toList();
    }

    private static Stream<Entry> all() {
        try (Stream<Path> entries = Files.list(PROC)) {
            List<Long> pids = entries.map(path -> path.getFileName().toString())
                    .filter(name -> name.chars().allMatch(Character::isDigit))
                    .map(Long::parseLong)
                    .toList();
            return pids.stream().map(ProcessTable::read).flatMap(Optional::stream);
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc", e);
        }
    }

    private static Optional<Entry> read(long pid) {
        try {
            Path process = PROC.resolve(Long.toString(pid));
            String stat = Files.readString(process.resolve("stat"), StandardCharsets.UTF_8);
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            String command = new String(Files.readAllBytes(process.resolve("cmdline")), StandardCharsets.UTF_8)
                    .replace('\0', ' ')
                    .strip();
            return Optional.of(new Entry(pid, Long.parseLong(fields[2]), fields[0].charAt(0), command));
        } catch (IOException | RuntimeException e) {
            // The process ended while we looked.
            return Optional.empty();
        }
    }

    private static boolean worksIn(long pid, Path directory) {
        try {
            return Files.readSymbolicLink(PROC.resolve(Long.toString(pid)).resolve("cwd"))
                    .startsWith(directory);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static Path realPath(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return path.toAbsolutePath().normalize();
        }
    }
}
