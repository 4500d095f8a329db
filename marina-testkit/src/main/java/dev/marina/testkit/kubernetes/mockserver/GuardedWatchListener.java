package dev.marina.testkit.kubernetes.mockserver;

import static java.util.Objects.requireNonNull;

import io.fabric8.mockwebserver.http.ByteString;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.util.concurrent.locks.Lock;

/**
 * fabric8's watch listener with its opening held under the indexed store's read lock: when a watch opens, fabric8's
 * listener sends the objects it starts with by reading the store's map, and {@link IndexedCrudDispatcher} changes that
 * map under its own lock, which fabric8's listener does not know. Every other call passes through unchanged.
 */
final class GuardedWatchListener extends WebSocketListener {

    private final WebSocketListener delegate;
    private final Lock readLock;

    GuardedWatchListener(WebSocketListener delegate, Lock readLock) {
        this.delegate = requireNonNull(delegate, "delegate is null");
        this.readLock = requireNonNull(readLock, "readLock is null");
    }

    @Override
    public void onOpen(WebSocket webSocket, Response response) {
        readLock.lock();
        try {
            delegate.onOpen(webSocket, response);
        } finally {
            readLock.unlock();
        }
    }

    @Override
    public void onBeforeAccept(WebSocket webSocket, Response response) {
        delegate.onBeforeAccept(webSocket, response);
    }

    @Override
    public void onMessage(WebSocket webSocket, String text) {
        delegate.onMessage(webSocket, text);
    }

    @Override
    @SuppressWarnings("deprecation")
    public void onMessage(WebSocket webSocket, ByteString bytes) {
        delegate.onMessage(webSocket, bytes);
    }

    @Override
    public void onMessage(WebSocket webSocket, byte[] bytes) {
        delegate.onMessage(webSocket, bytes);
    }

    @Override
    public void onClosing(WebSocket webSocket, int code, String reason) {
        delegate.onClosing(webSocket, code, reason);
    }

    @Override
    public void onClosed(WebSocket webSocket, int code, String reason) {
        delegate.onClosed(webSocket, code, reason);
    }

    @Override
    public void onFailure(WebSocket webSocket, Throwable error, Response response) {
        delegate.onFailure(webSocket, error, response);
    }
}
