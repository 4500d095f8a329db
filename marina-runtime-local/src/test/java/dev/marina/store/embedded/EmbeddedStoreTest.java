package dev.marina.store.embedded;

import dev.marina.control.store.ClusterStore;
import dev.marina.testkit.ClusterStoreContract;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.io.TempDir;

/** The embedded H2 store against the same contract as every store, including surviving a close. */
class EmbeddedStoreTest extends ClusterStoreContract {

    /**
     * JUnit removes it after every {@code @AfterEach}, the contract's closing of the store included: a home removed by
     * this class's own {@code @AfterEach} went before the store closed (subclass methods run first), and H2 wrote
     * its trace file into a new directory there, one left in /tmp per test.
     */
    @TempDir
    Path home;

    @Override
    protected ClusterStore store() {
        return EmbeddedStore.open(home, Clock.systemUTC());
    }

    @Override
    protected ClusterStore reopen(ClusterStore closed) {
        return EmbeddedStore.open(home, Clock.systemUTC());
    }
}
