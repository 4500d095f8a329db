package dev.marina.gateway.session;

import dev.marina.gateway.pool.ServerConnection;
import dev.marina.gateway.pool.ServerListener;
import dev.marina.gateway.pool.ServerPool;
import dev.marina.gateway.protocol.Messages;
import io.netty.buffer.ByteBuf;

/**
 * Cleans a server connection a pinned or session-pooled client left behind ({@code DISCARD ALL}: settings, temp
 * tables, prepared statements, listens, advisory locks), then returns it to its pool; drops it if that fails.
 */
final class ServerReset implements ServerListener {

    private final ServerPool pool;
    private boolean failed;

    private ServerReset(ServerPool pool) {
        this.pool = pool;
    }

    static void run(ServerConnection server, ServerPool pool) {
        ServerReset reset = new ServerReset(pool);
        server.listener(reset);
        server.preparedStatements().clear();
        server.write(Messages.simpleQuery(server.channel().alloc(), "DISCARD ALL"));
        server.flush();
    }

    @Override
    public void serverMessage(ServerConnection server, byte type, ByteBuf buffer, int start, int length) {
        if (type == 'E') {
            failed = true;
        } else if (type == 'Z') {
            if (failed || server.transactionStatus() != 'I') {
                pool.discard(server);
            } else {
                pool.release(server);
            }
        }
    }

    @Override
    public void serverReadComplete(ServerConnection server) {}

    @Override
    public void serverClosed(ServerConnection server) {
        pool.discard(server);
    }
}
