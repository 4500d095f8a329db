package dev.marina.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Ports nobody listens on right now: other programs on this machine hold ports, so none is ever assumed. */
final class FreePorts {

    private FreePorts() {}

    static int next() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
