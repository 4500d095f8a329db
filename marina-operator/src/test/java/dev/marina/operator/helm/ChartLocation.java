package dev.marina.operator.helm;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the chart is: the repository root is found from wherever the tests run. */
final class ChartLocation {

    private ChartLocation() {}

    static Path repository() {
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

    static Path chart() {
        return repository().resolve("deploy/helm/marina");
    }
}
