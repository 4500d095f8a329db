package dev.marina.gateway.session;

import static java.util.Objects.requireNonNull;

import dev.marina.gateway.pool.PoolKey;
import dev.marina.gateway.pool.ServerConnection;
import dev.marina.gateway.pool.ServerError;
import dev.marina.gateway.pool.ServerPool;
import dev.marina.gateway.pool.ServerWaiter;
import dev.marina.gateway.protocol.SqlStates;
import dev.marina.gateway.routing.TopologyMember;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Borrows a server connection for one client: picks the member (the primary for a write, a replica for a read),
 * waits while there is none (a failover, a paused switchover, a member that says it is in recovery) up to the
 * configured failover wait, and hands the connection to the session, or tells it that none could be had. Runs on the
 * gateway's event loop only.
 */
final class ServerBorrowing {

    private static final long RETRY_MILLIS = 20;

    private final GatewayContext context;
    private final ClientSession session;
    private PoolKey key;
    private TopologyMember lastMember;
    private ServerPool lastPool;
    private Attempt attempt;

    ServerBorrowing(GatewayContext context, ClientSession session) {
        this.context = requireNonNull(context, "context is null");
        this.session = requireNonNull(session, "session is null");
    }

    /** Whether the client waits for a server connection. */
    boolean waiting() {
        return attempt != null;
    }

    /**
     * Asks for a connection of {@code key}'s pools; the session gets it, or hears that none could be had, before this
     * returns or later. True when it is still waiting.
     */
    boolean start(boolean write, PoolKey key) {
        this.key = key;
        Attempt started = new Attempt(write);
        attempt = started;
        started.tryNow();
        return attempt == started;
    }

    /** The client left: a connection granted later goes back to its pool. */
    void abandon() {
        if (attempt != null) {
            attempt.abandon();
            attempt = null;
        }
    }

    /** The pool of this client's key on {@code member}; the last one is kept, as it nearly always is the next. */
    private ServerPool pool(TopologyMember member) {
        if (member != lastMember || lastPool.isClosed()) {
            lastPool = context.pools().pool(member, key);
            lastMember = member;
        }
        return lastPool;
    }

    /** One try at getting a server connection; callbacks of an abandoned try are ignored. */
    private final class Attempt implements ServerWaiter {
        private final boolean write;
        /** When the attempt first had to wait: a connection granted at once needs no clock read. */
        private long waitingSinceNanos;

        private boolean waiting;
        private boolean done;
        private ServerPool asked;

        Attempt(boolean write) {
            this.write = write;
        }

        @Override
        public void granted(ServerConnection granted) {
            if (done || session.isClosed()) {
                granted.pool().release(granted);
                return;
            }
            if (write && granted.inHotStandby()) {
                // The feed still names this member primary, but it says it is in recovery: never write there.
                granted.pool().discard(granted);
                retryLater();
                return;
            }
            done = true;
            attempt = null;
            context.metrics().waited(waiting ? System.nanoTime() - waitingSinceNanos : 0);
            session.attach(granted);
        }

        @Override
        public void failed(ServerError error) {
            if (done || session.isClosed()) {
                return;
            }
            if (error.fromServer()) {
                done = true;
                attempt = null;
                session.unavailable(error.sqlState(), error.getMessage(), true);
                return;
            }
            retryLater();
        }

        void tryNow() {
            if (done || session.isClosed()) {
                return;
            }
            // While paused (a switchover is about to stop the primary) writes wait; reads carry on.
            Optional<TopologyMember> member = !write
                    ? context.router().forRead()
                    : context.paused() ? Optional.empty() : context.router().forWrite();
            if (member.isEmpty()) {
                retryLater();
                return;
            }
            if (write) {
                context.metrics().routedWrite();
            } else {
                context.metrics().routedRead(member.get().primary());
            }
            asked = pool(member.get());
            asked.acquire(this);
            if (!done) {
                startWaiting();
            }
        }

        void retryLater() {
            startWaiting();
            long waitNanos =
                    TimeUnit.MILLISECONDS.toNanos(context.config().routing().failoverWaitMillis());
            if (System.nanoTime() - waitingSinceNanos - waitNanos >= 0) {
                done = true;
                attempt = null;
                String what = write ? "a writable primary" : "a replica within the lag budget";
                session.unavailable(
                        SqlStates.CANNOT_CONNECT_NOW,
                        "no " + what + " for cluster " + context.config().cluster() + " within "
                                + context.config().routing().failoverWaitMillis() + " ms",
                        false);
                return;
            }
            context.loop().schedule(this::tryNow, RETRY_MILLIS, TimeUnit.MILLISECONDS);
        }

        void abandon() {
            done = true;
            if (asked != null) {
                asked.cancel(this);
            }
        }

        private void startWaiting() {
            if (!waiting) {
                waiting = true;
                waitingSinceNanos = System.nanoTime();
            }
        }
    }
}
