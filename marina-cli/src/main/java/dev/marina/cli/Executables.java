package dev.marina.cli;

import static java.util.Objects.requireNonNull;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/** Finds a program the way a shell would, so a missing one is reported by name before anything starts. */
public final class Executables {

    private static final String DEFAULT_PATH = "/usr/local/bin:/usr/bin:/bin";

    private Executables() {}

    /** {@code program} itself when it names a path, else the first executable of that name on PATH. */
    public static Optional<Path> find(String program, Map<String, String> environment) {
        requireNonNull(program, "program is null");
        requireNonNull(environment, "environment is null");
        if (program.contains(File.separator)) {
            Path path = Path.of(program);
            return Files.isExecutable(path) ? Optional.of(path) : Optional.empty();
        }
        String searchPath = environment.getOrDefault("PATH", DEFAULT_PATH);
        return Arrays.stream(searchPath.split(File.pathSeparator))
                .filter(directory -> !directory.isBlank())
                .map(directory -> Path.of(directory, program))
                .filter(candidate -> Files.isRegularFile(candidate) && Files.isExecutable(candidate))
                .findFirst();
    }
}
