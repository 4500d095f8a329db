package dev.marina.operator;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository's root, found from wherever the tests run (Maven runs them in the module's directory). */
public final class RepositoryRoot {

    private RepositoryRoot() {}

    public static Path find() {
        Path directory = Path.of("").toAbsolutePath();
        while (directory != null) {
            if (Files.isRegularFile(directory.resolve("mvnw")) && Files.isDirectory(directory.resolve("deploy"))) {
                return directory;
            }
            directory = directory.getParent();
        }
        throw new IllegalStateException("no repository root (with mvnw and deploy/) above "
                + Path.of("").toAbsolutePath());
    }
}
