package dev.marina.testkit.chaos;

/**
 * Writes one row, identified by a unique id, to an engine and reports whose acknowledgement it got. Engine-specific;
 * a writer is used by one thread only. After a failure the load generator closes the writer and opens a new one, so a
 * writer need not recover by itself.
 */
public interface Writer extends AutoCloseable {

    /**
     * Writes {@code id} and returns once the engine acknowledged it durably.
     *
     * @throws Exception whenever the acknowledgement did not arrive; the write may or may not have happened
     */
    Ack write(long id) throws Exception;

    /** Releases the connection; never throws. */
    @Override
    void close();

    /** Opens writers, one per load thread and again after each failure. */
    @FunctionalInterface
    interface Factory {

        /** A new writer; may connect lazily, on its first write. */
        Writer open() throws Exception;
    }
}
