package dev.marina.gateway.pool;

import static java.util.Objects.requireNonNull;

import dev.marina.gateway.routing.TopologyMember;
import io.netty.buffer.ByteBuf;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;

/**
 * The server connections to one member for one {@link PoolKey}: idle ones (most recently used first, so a few stay
 * warm and the rest time out), and clients queued for one when all {@code size} are lent. Confined to the event
 * loop, so it needs no locks.
 */
public final class ServerPool implements ServerListener {

    private final TopologyMember member;
    private final PoolKey key;
    private int size;
    private final Consumer<ServerPool> opener;
    private final Runnable returned;
    private final Deque<ServerConnection> idle = new ArrayDeque<>();
    private final Deque<ServerWaiter> waiters = new ArrayDeque<>();
    private final List<ServerConnection> lent = new ArrayList<>();
    private int opening;
    private boolean closed;

    ServerPool(TopologyMember member, PoolKey key, int size, Consumer<ServerPool> opener, Runnable returned) {
        this.member = requireNonNull(member, "member is null");
        this.key = requireNonNull(key, "key is null");
        this.size = size;
        this.opener = requireNonNull(opener, "opener is null");
        this.returned = requireNonNull(returned, "returned is null");
    }

    public TopologyMember member() {
        return member;
    }

    public PoolKey key() {
        return key;
    }

    public int idleCount() {
        return idle.size();
    }

    public int activeCount() {
        return lent.size();
    }

    public int waitingCount() {
        return waiters.size();
    }

    public int openingCount() {
        return opening;
    }

    public int size() {
        return size;
    }

    /** Closed when its member left or changed role: {@link Pools#pool} then makes a new one. */
    public boolean isClosed() {
        return closed;
    }

    public List<ServerConnection> lentConnections() {
        return List.copyOf(lent);
    }

    public List<ServerConnection> idleConnections() {
        return List.copyOf(idle);
    }

    /** Lends an idle connection, opens one when below the size, or queues the waiter. */
    public void acquire(ServerWaiter waiter) {
        if (closed) {
            waiter.failed(new ServerError("FATAL", "08006", member.name() + " left the topology", false));
            return;
        }
        while (!idle.isEmpty()) {
            ServerConnection server = idle.pollFirst();
            if (server.isOpen()) {
                lend(server, waiter);
                return;
            }
        }
        waiters.addLast(waiter);
        if (total() < size) {
            opening++;
            opener.accept(this);
        }
    }

    /**
     * A new size from a reload. A larger pool opens connections for the clients queued now; a smaller one closes idle
     * connections beyond it at once and retires lent ones, which close when their clients are done with them.
     */
    void resize(int newSize) {
        size = newSize;
        while (total() > size && !idle.isEmpty()) {
            ServerConnection server = idle.pollLast();
            server.listener(null);
            server.close();
        }
        int excess = total() - size;
        for (ServerConnection server : lent) {
            if (excess <= 0) {
                break;
            }
            if (!server.retired()) {
                server.retire();
                excess--;
            }
        }
        while (!closed && waiters.size() > opening && total() < size) {
            opening++;
            opener.accept(this);
        }
    }

    /** Takes a waiter out of the queue (it gave up waiting); false when it was not queued. */
    public boolean cancel(ServerWaiter waiter) {
        return waiters.remove(waiter);
    }

    /** A new connection finished its startup, or failed to. */
    void opened(ServerConnection server, ServerError error) {
        opening--;
        if (error != null) {
            // Every waiter hears of it: the member is down or refuses this key; the sessions decide what next.
            List<ServerWaiter> failed = new ArrayList<>(waiters);
            waiters.clear();
            failed.forEach(waiter -> waiter.failed(error));
            return;
        }
        if (closed) {
            server.close();
            return;
        }
        release(server);
    }

    /** A client is done with the connection and left it idle with nothing outstanding. */
    public void release(ServerConnection server) {
        giveBack(server);
        // After the connection found its next holder, so a drain check sees the truth.
        returned.run();
    }

    private void giveBack(ServerConnection server) {
        lent.remove(server);
        if (closed || server.retired() || !server.isOpen()) {
            server.close();
            openForWaiters();
            return;
        }
        ServerWaiter waiter = waiters.pollFirst();
        if (waiter != null) {
            lend(server, waiter);
            return;
        }
        server.listener(this);
        server.markIdle();
        idle.addFirst(server);
    }

    /** The connection is in an unknown state or broken: close it rather than lend it again. */
    public void discard(ServerConnection server) {
        lent.remove(server);
        returned.run();
        idle.remove(server);
        server.listener(null);
        server.close();
        openForWaiters();
    }

    private void openForWaiters() {
        if (!closed && !waiters.isEmpty() && total() < size) {
            opening++;
            opener.accept(this);
        }
    }

    private void lend(ServerConnection server, ServerWaiter waiter) {
        lent.add(server);
        server.listener(null);
        waiter.granted(server);
    }

    private int total() {
        return idle.size() + lent.size() + opening;
    }

    /** Closes idle connections unused for {@code idleNanos} or older than {@code lifetimeNanos}. */
    void sweep(long now, long idleNanos, long lifetimeNanos) {
        idle.removeIf(server -> {
            boolean expired =
                    now - server.idleSinceNanos() > idleNanos || now - server.createdAtNanos() > lifetimeNanos;
            if (expired || !server.isOpen()) {
                server.listener(null);
                server.close();
                return true;
            }
            return false;
        });
        lent.stream()
                .filter(server -> now - server.createdAtNanos() > lifetimeNanos)
                .forEach(ServerConnection::retire);
    }

    /** The member left or changed role: idle connections close now, lent ones when released. */
    void close() {
        closed = true;
        idle.forEach(server -> {
            server.listener(null);
            server.close();
        });
        idle.clear();
        lent.forEach(ServerConnection::retire);
        List<ServerWaiter> failed = new ArrayList<>(waiters);
        waiters.clear();
        ServerError error = new ServerError("FATAL", "08006", member.name() + " changed role or left", false);
        failed.forEach(waiter -> waiter.failed(error));
    }

    @Override
    public void serverMessage(ServerConnection server, byte type, ByteBuf buffer, int start, int length) {
        // An idle connection only speaks up to say it is going away (a FATAL before a shutdown); forget it.
        if (type == 'E') {
            discard(server);
        }
    }

    @Override
    public void serverReadComplete(ServerConnection server) {}

    @Override
    public void serverClosed(ServerConnection server) {
        idle.remove(server);
        if (lent.remove(server)) {
            returned.run();
            openForWaiters();
        }
    }
}
