package dev.marina.gateway.session;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * One server-side name per distinct statement (query text and parameter types), shared by every client: two clients
 * that prepare the same query under their own names use one statement on each server connection, prepared once.
 * Names are counted by the clients that hold them and forgotten when the last one closes its statement or leaves, so
 * an application that prepares ever new statements does not grow the gateway without bound; a forgotten name is never
 * given again (server connections may still hold it until they evict it). Confined to the event loop.
 */
public final class StatementNames {

    private final Map<Body, Shared> names = new HashMap<>();
    private long lastNumber;

    /** The server-side name for a Parse body (everything after the client's statement name), held until released. */
    String acquire(byte[] body) {
        Shared shared = names.computeIfAbsent(new Body(body), key -> new Shared("marina_" + ++lastNumber));
        shared.holders++;
        return shared.name;
    }

    /** A client no longer holds the statement with this body. */
    void release(byte[] body) {
        Body key = new Body(body);
        Shared shared = names.get(key);
        if (shared != null && --shared.holders <= 0) {
            names.remove(key);
        }
    }

    /** Distinct statements some client holds. */
    int size() {
        return names.size();
    }

    private static final class Shared {
        private final String name;
        private int holders;

        private Shared(String name) {
            this.name = name;
        }
    }

    private record Body(byte[] bytes) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Body body && Arrays.equals(bytes, body.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }
    }
}
