package dev.marina.store.embedded;

import dev.marina.control.store.ClusterStore;
import dev.marina.testkit.ClusterStoreContract;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import org.junit.jupiter.api.AfterEach;

/** The embedded H2 store against the same contract as every store, including surviving a close. */
class EmbeddedStoreTest extends ClusterStoreContract {

    private final Path home = createHome();

    private static Path createHome() {
        try {
            return Files.createTempDirectory("marina-store-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected ClusterStore store() {
        return EmbeddedStore.open(home, Clock.systemUTC());
    }

    @Override
    protected ClusterStore reopen(ClusterStore closed) {
        return EmbeddedStore.open(home, Clock.systemUTC());
    }

    @AfterEach
    void removeHome() throws IOException {
        try (var paths = Files.walk(home)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        }
    }
}
