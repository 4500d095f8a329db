package dev.marina.cli;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Map;

/**
 * The directory that holds all CLI and control plane state ({@code MARINA_HOME}, by default {@code ~/.marina}). Two
 * homes never see each other: each has its own control plane, found through its own {@code server.json}.
 */
public record MarinaHome(Path directory) {

    public static final String VARIABLE = "MARINA_HOME";

    public MarinaHome {
        // Absolute, because the path is handed to a control plane that may run from another directory.
        directory =
                requireNonNull(directory, "directory is null").toAbsolutePath().normalize();
    }

    public static MarinaHome resolve(Map<String, String> environment, Path userHome) {
        String configured = environment.get(VARIABLE);
        if (configured != null && !configured.isBlank()) {
            return new MarinaHome(Path.of(configured));
        }
        return new MarinaHome(userHome.resolve(".marina"));
    }

    public Path serverFile() {
        return directory.resolve("server.json");
    }

    public Path logDirectory() {
        return directory.resolve("logs");
    }

    public Path serverLog() {
        return logDirectory().resolve("server.log");
    }

    /** Held while {@code marina up} checks and starts, so two at once start one control plane. */
    public Path startLock() {
        return directory.resolve("up.lock");
    }

    @Override
    public String toString() {
        return directory.toString();
    }
}
