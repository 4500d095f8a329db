package dev.marina.gateway.pool;

/** A client session waiting for a server connection. Exactly one of the two is called, on the event loop. */
public interface ServerWaiter {

    void granted(ServerConnection server);

    void failed(ServerError error);
}
