package dev.marina.gateway.pool;

import io.netty.buffer.ByteBuf;

/** Whoever holds a ready server connection: the client session it is lent to, or its pool while idle. */
public interface ServerListener {

    /** One whole message from the server; the listener owns it and must release it or pass it on. */
    void serverMessage(ServerConnection server, ByteBuf message);

    /** The server's bytes of this read are all delivered: the moment to flush to the client. */
    void serverReadComplete(ServerConnection server);

    /** The server's socket can take more (or no more) bytes: a client held back during a big COPY may go on. */
    default void serverWritabilityChanged(ServerConnection server) {}

    /** The connection is gone: closed by the server, the network or the gateway. */
    void serverClosed(ServerConnection server);
}
