package dev.marina.testkit.chaos;

import static java.util.Objects.requireNonNull;

/**
 * A write the database acknowledged.
 *
 * @param id the unique id the load generator gave the write
 * @param server the member that answered, as {@code host:port}
 * @param epoch the answering member's role version when it committed (PostgreSQL: its timeline)
 * @param sentNanos {@link System#nanoTime()} just before the statement was sent
 * @param ackedNanos {@link System#nanoTime()} just after the commit was acknowledged
 */
public record Ack(long id, String server, long epoch, long sentNanos, long ackedNanos) {

    public Ack {
        requireNonNull(server, "server is null");
        if (ackedNanos < sentNanos) {
            throw new IllegalArgumentException(
                    "ackedNanos " + ackedNanos + " precedes sentNanos " + sentNanos + " for id " + id);
        }
    }
}
