package dev.marina.gateway.pool;

import io.netty.buffer.ByteBuf;

/** Whoever holds a ready server connection: the client session it is lent to, or its pool while idle. */
public interface ServerListener {

    /**
     * One whole message from the server, of type {@code type}: the {@code length} bytes of {@code buffer} from {@code
     * start}, where the server's read left them. The listener may read and copy them during the call only (what it
     * keeps, it takes as a retained slice): answers are mostly passed on unchanged, and a buffer object per message
     * cost more than the copy.
     */
    void serverMessage(ServerConnection server, byte type, ByteBuf buffer, int start, int length);

    /** The server's bytes of this read are all delivered: the moment to flush to the client. */
    void serverReadComplete(ServerConnection server);

    /** The server's socket can take more (or no more) bytes: a client held back during a big COPY may go on. */
    default void serverWritabilityChanged(ServerConnection server) {}

    /** The connection is gone: closed by the server, the network or the gateway. */
    void serverClosed(ServerConnection server);
}
