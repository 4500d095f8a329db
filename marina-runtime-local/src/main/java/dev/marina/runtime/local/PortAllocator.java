package dev.marina.runtime.local;

import dev.marina.control.runtime.RuntimeFailure;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Collection;
import java.util.Set;

/**
 * Chooses ports for members: never one another member holds, never one another program listens on. The range lies
 * below Linux's ephemeral ports (32768 and up), so outgoing connections do not take a member's port while it is down.
 */
public final class PortAllocator {

    private final int first;
    private final int last;

    public PortAllocator(int first, int last) {
        if (first < 1024 || last > 65535 || first > last) {
            throw new IllegalArgumentException("bad port range " + first + "-" + last);
        }
        this.first = first;
        this.last = last;
    }

    /** Starts at a place derived from {@code seed}, so a member tends to get the same port in every home. */
    public int allocate(String seed, Collection<Integer> reserved) {
        Set<Integer> taken = Set.copyOf(reserved);
        int size = last - first + 1;
        int start = Math.floorMod(seed.hashCode(), size);
        for (int i = 0; i < size; i++) {
            int port = first + Math.floorMod(start + i, size);
            if (!taken.contains(port) && isFree(port)) {
                return port;
            }
        }
        throw new RuntimeFailure("no free port between " + first + " and " + last + "; set MARINA_PORT_RANGE");
    }

    /**
     * Whether nothing listens on the port on loopback. Binds the way servers do (SO_REUSEADDR), so connections of a
     * member that just stopped, still in TIME_WAIT, do not count as another program.
     */
    public static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
