package dev.marina.testkit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.marina.control.store.ClusterStore;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class InMemoryStoreTest extends ClusterStoreContract {

    @Override
    protected ClusterStore store() {
        return new InMemoryStore(Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC));
    }

    @Override
    protected ClusterStore reopen(ClusterStore closed) {
        return ((InMemoryStore) closed).reopen();
    }

    @Test
    void openStoreCannotBeOpenedTwice() {
        InMemoryStore open = new InMemoryStore();

        assertThatThrownBy(open::reopen)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("still open");
    }

    @Test
    void closedStoreRefusesEveryCall() {
        InMemoryStore closed = new InMemoryStore();
        closed.close();

        assertThatThrownBy(() -> closed.find("demo"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        assertThatThrownBy(() -> closed.nextOrdinal("demo", "db")).isInstanceOf(IllegalStateException.class);
    }
}
