package dev.marina.gateway.admin;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A count only the event loop adds to, read by the metrics scrape on another thread. With one writer, adding needs no
 * atomic read-modify-write (Micrometer's counters pay one, and its timers several and a clock read, per update): a
 * plain read and an ordered store, which the scrape sees soon enough.
 */
final class LoopCounter {

    private final AtomicLong value = new AtomicLong();

    void add(long amount) {
        value.lazySet(value.get() + amount);
    }

    long get() {
        return value.get();
    }
}
