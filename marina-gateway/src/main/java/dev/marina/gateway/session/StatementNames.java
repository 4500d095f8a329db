package dev.marina.gateway.session;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * One server-side name per distinct statement (query text and parameter types), shared by every client: two clients
 * that prepare the same query under their own names use one statement on each server connection, prepared once.
 * Confined to the event loop.
 */
public final class StatementNames {

    private final Map<Body, String> names = new HashMap<>();

    /** The server-side name for a Parse body (everything after the client's statement name). */
    String nameFor(byte[] body) {
        return names.computeIfAbsent(new Body(body), key -> "marina_" + (names.size() + 1));
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
