package dev.marina.gateway.protocol;

import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.RecvByteBufAllocator;

/**
 * How large a buffer each read from a socket gets. Netty's default adapts down to 64 bytes after a few short reads
 * (a BEGIN, a CommandComplete with ReadyForQuery), and then needs two reads, and two system calls, for the next
 * 85-byte UPDATE: pgbench's TPC-B made 15 reads for every 14 messages through the gateway. Reads start at 4 KiB, as
 * PgBouncer's packet buffer, and never go below 2 KiB: buffers come from a pool, so the size costs nothing when the
 * bytes are few.
 */
public final class ReceiveBuffers {

    private static final int MINIMUM_BYTES = 2048;
    private static final int INITIAL_BYTES = 4096;
    private static final int MAXIMUM_BYTES = 65536;

    /** Shareable: it keeps no state of its own, each channel gets its own handle. */
    public static final RecvByteBufAllocator ALLOCATOR =
            new AdaptiveRecvByteBufAllocator(MINIMUM_BYTES, INITIAL_BYTES, MAXIMUM_BYTES);

    private ReceiveBuffers() {}
}
