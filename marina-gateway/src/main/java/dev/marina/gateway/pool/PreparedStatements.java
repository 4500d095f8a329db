package dev.marina.gateway.pool;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * The server-side names of the statements prepared on one server connection, least recently used first. A server
 * keeps every statement until told otherwise, and each holds memory in its backend (the parse tree, cached plans):
 * an application that prepares ever new statements (an ORM that builds its SQL) would grow every backend without
 * bound. So a connection keeps at most a limit, and the gateway closes the least recently used one on the server
 * before it prepares another; a client that binds an evicted statement again gets it prepared again, unseen.
 * Confined to the event loop.
 */
public final class PreparedStatements {

    /** Access order: a lookup moves a name to the end, so the first one is the least recently used. */
    private final LinkedHashMap<String, Boolean> names = new LinkedHashMap<>(16, 0.75f, true);

    /** Whether the statement is prepared here; counts as a use. */
    public boolean contains(String name) {
        return names.get(name) != null;
    }

    public void add(String name) {
        names.put(name, Boolean.TRUE);
    }

    public void remove(String name) {
        names.remove(name);
    }

    /** The server forgot them all (DISCARD ALL, DEALLOCATE ALL). */
    public void clear() {
        names.clear();
    }

    public int size() {
        return names.size();
    }

    /**
     * Makes room for one more statement under {@code limit}: forgets the least recently used ones and returns them,
     * for the caller to close on the server before it prepares the new one.
     */
    public List<String> evictForOneMore(int limit) {
        if (names.size() < limit) {
            return List.of();
        }
        List<String> evicted = new ArrayList<>();
        Iterator<String> oldest = names.keySet().iterator();
        while (names.size() >= Math.max(limit, 1) && oldest.hasNext()) {
            evicted.add(oldest.next());
            oldest.remove();
        }
        return evicted;
    }
}
