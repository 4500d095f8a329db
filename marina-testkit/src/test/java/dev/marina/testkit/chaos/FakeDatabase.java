package dev.marina.testkit.chaos;

import java.io.IOException;
import java.net.ConnectException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A database for {@link LoadGenerator} tests that the test drives: a write succeeds only with a permit the test hands
 * out, so the number of acknowledged writes is exact and nothing spins while the test waits; while the database is
 * down, every connect and every write fails at once, so a load that does not pause would show up as a flood of
 * failures.
 */
final class FakeDatabase {

    static final String SERVER = "fake:1";

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Set<Long> stored = ConcurrentHashMap.newKeySet();
    private final AtomicLong failuresWhileDown = new AtomicLong();
    private final AtomicLong opened = new AtomicLong();
    private final AtomicLong closed = new AtomicLong();
    private int permits;
    private boolean down;
    private boolean shutDown;

    /** Opens writers, which refuse to connect while the database is down. */
    Writer.Factory writers() {
        return () -> {
            lock.lock();
            try {
                failIfUnavailable();
            } finally {
                lock.unlock();
            }
            opened.incrementAndGet();
            return new FakeWriter();
        };
    }

    /** Lets {@code writes} more writes succeed. */
    void allow(int writes) {
        lock.lock();
        try {
            permits += writes;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    void goDown() {
        setDown(true);
    }

    void comeBack() {
        setDown(false);
    }

    /** Fails every write from now on, also those waiting for a permit, so that the load can stop. */
    void shutDown() {
        lock.lock();
        try {
            shutDown = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    Set<Long> storedIds() {
        return Set.copyOf(stored);
    }

    long failuresWhileDown() {
        return failuresWhileDown.get();
    }

    long opened() {
        return opened.get();
    }

    long closed() {
        return closed.get();
    }

    private void setDown(boolean newDown) {
        lock.lock();
        try {
            down = newDown;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void failIfUnavailable() throws IOException {
        if (shutDown) {
            throw new IOException("database shut down");
        }
        if (down) {
            failuresWhileDown.incrementAndGet();
            throw new ConnectException("Connection refused");
        }
    }

    private final class FakeWriter implements Writer {

        private boolean writerClosed;

        @Override
        public Ack write(long id) throws IOException, InterruptedException {
            if (writerClosed) {
                throw new AssertionError("write on a closed writer");
            }
            lock.lock();
            try {
                while (true) {
                    failIfUnavailable();
                    if (permits > 0) {
                        permits--;
                        break;
                    }
                    changed.await();
                }
            } finally {
                lock.unlock();
            }
            long sentNanos = System.nanoTime();
            stored.add(id);
            return new Ack(id, SERVER, 1, sentNanos, System.nanoTime());
        }

        @Override
        public void close() {
            if (!writerClosed) {
                writerClosed = true;
                closed.incrementAndGet();
            }
        }
    }
}
