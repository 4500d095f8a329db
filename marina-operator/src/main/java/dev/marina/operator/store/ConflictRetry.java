package dev.marina.operator.store;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Runs a read-modify-write again while the API server answers 409 Conflict: the object changed between the read and
 * the write (its resourceVersion moved on), or another writer created it first. Each attempt reads afresh, so the
 * write that finally lands was computed from the object as it then was.
 */
final class ConflictRetry {

    /**
     * Enough for every writer of one cluster in other processes to land once each while this one waits; writers in
     * this process queue on the store's lock instead of racing.
     */
    static final int ATTEMPTS = 50;

    private static final long MAXIMUM_PAUSE_MILLIS = 50;

    private ConflictRetry() {}

    static <T> T run(String object, Supplier<T> attempt) {
        KubernetesClientException last = null;
        for (int number = 1; number <= ATTEMPTS; number++) {
            try {
                return attempt.get();
            } catch (KubernetesClientException e) {
                if (!KubernetesFailure.isConflict(e)) {
                    throw e;
                }
                last = e;
                pause(number);
            }
        }
        throw KubernetesFailure.of("write", object + " after " + ATTEMPTS + " conflicting writes", last);
    }

    /** A short random pause, longer with every attempt, so that writers in different processes stop colliding. */
    private static void pause(int attempt) {
        long bound = Math.min(MAXIMUM_PAUSE_MILLIS, 1L << Math.min(attempt, 6));
        LockSupport.parkNanos(
                TimeUnit.MILLISECONDS.toNanos(ThreadLocalRandom.current().nextLong(bound + 1)));
    }
}
