package dev.marina.engine.postgresql;

import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A client that keeps trying to write to a replica about to be promoted, on a session it opened before, and notes
 * when the first write is accepted: the write downtime a client sees, whatever the control plane still does after
 * the promotion (a checkpoint, for one).
 */
final class FirstWrite {

    /** What a read-only member answers to a write. */
    private static final String READ_ONLY_TRANSACTION = "25006";

    /** The row written and when, measured on the caller's stopwatch. */
    record Accepted(long id, Duration after) {}

    private final CompletableFuture<Accepted> accepted;

    private FirstWrite(CompletableFuture<Accepted> accepted) {
        this.accepted = accepted;
    }

    /** Starts trying at once, every millisecond, with local commits only (no standby may be there to confirm). */
    static FirstWrite start(Connection client, Stopwatch stopwatch, String note) {
        CompletableFuture<Accepted> accepted = new CompletableFuture<>();
        Thread.ofVirtual().name("first-write").start(() -> {
            try {
                long[] id = new long[1];
                await("first write accepted")
                        .atMost(Duration.ofSeconds(30))
                        .pollDelay(Duration.ZERO)
                        .pollInterval(Duration.ofMillis(1))
                        .until(() -> tryWrite(client, note, id));
                accepted.complete(new Accepted(id[0], stopwatch.elapsed()));
            } catch (RuntimeException e) {
                accepted.completeExceptionally(e);
            }
        });
        return new FirstWrite(accepted);
    }

    Accepted accepted() {
        try {
            return accepted.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "the first write failed: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("no write accepted within 30 s", e);
        }
    }

    private static boolean tryWrite(Connection client, String note, long[] id) throws SQLException {
        try {
            id[0] = MemberSql.insertLocally(client, note);
            return true;
        } catch (SQLException e) {
            if (READ_ONLY_TRANSACTION.equals(e.getSQLState())) {
                return false;
            }
            throw e;
        }
    }
}
