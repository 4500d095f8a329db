package dev.marina.gateway.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.ChannelConfig;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.util.UncheckedBooleanSupplier;
import io.netty.util.concurrent.FastThreadLocal;

/**
 * The buffers reads from sockets go into: one per event loop thread, shared by all its connections, as PgBouncer reads
 * into one packet buffer. A read's bytes are nearly always handled before the next read starts (copied on, or looked
 * at and dropped), and then the buffer is free again; taking a buffer from the pool and giving it back for every read
 * cost the gateway more than the read's own work. Whatever still holds the buffer when the next read comes (an
 * incomplete message, a large message being written out, messages queued for a server) holds a reference to it, so the
 * next read gets a buffer of its own instead, which is then the one shared.
 *
 * <p>The size of a read follows Netty's adaptive guess, which starts at 4 KiB, as PgBouncer's packet buffer, and
 * never goes below 2 KiB: its default adapts down to 64 bytes after a few short reads (a BEGIN, a CommandComplete
 * with ReadyForQuery), and then needs two reads, and two system calls, for the next 85-byte UPDATE. The shared
 * buffer is replaced by a larger one when a read's guess exceeds it, up to 64 KiB.
 */
public final class ReceiveBuffers implements RecvByteBufAllocator {

    private static final int MINIMUM_BYTES = 2048;
    private static final int INITIAL_BYTES = 4096;
    private static final int MAXIMUM_BYTES = 65536;

    /** Shareable: it keeps no state of its own, each channel gets its own handle. */
    public static final RecvByteBufAllocator ALLOCATOR = new ReceiveBuffers();

    private static final FastThreadLocal<SharedBuffer> SHARED = new FastThreadLocal<>() {
        @Override
        protected SharedBuffer initialValue() {
            return new SharedBuffer();
        }

        @Override
        protected void onRemoval(SharedBuffer shared) {
            // The event loop's thread ends.
            shared.release();
        }
    };

    private final AdaptiveRecvByteBufAllocator sizes =
            new AdaptiveRecvByteBufAllocator(MINIMUM_BYTES, INITIAL_BYTES, MAXIMUM_BYTES);

    private ReceiveBuffers() {}

    @Override
    public Handle newHandle() {
        return new SharedBufferHandle((ExtendedHandle) sizes.newHandle());
    }

    /** The thread's buffer and the reference to it this class holds. */
    private static final class SharedBuffer {
        private ByteBuf buffer;

        ByteBuf take(ByteBufAllocator allocator, int size) {
            ByteBuf shared = buffer;
            // Only this class's reference left: every reader of the last read is done with it.
            if (shared != null && shared.refCnt() == 1 && shared.capacity() >= size) {
                return shared.clear().retain();
            }
            if (shared != null) {
                // Whoever still holds it keeps it alive as long as it needs.
                shared.release();
            }
            buffer = allocator.ioBuffer(size);
            return buffer.retain();
        }

        void release() {
            if (buffer != null) {
                buffer.release();
                buffer = null;
            }
        }
    }

    /** Netty's adaptive handle in everything but where the bytes go. */
    private static final class SharedBufferHandle implements ExtendedHandle {
        private final ExtendedHandle sizes;

        SharedBufferHandle(ExtendedHandle sizes) {
            this.sizes = sizes;
        }

        @Override
        public ByteBuf allocate(ByteBufAllocator allocator) {
            return SHARED.get().take(allocator, sizes.guess());
        }

        @Override
        public int guess() {
            return sizes.guess();
        }

        @Override
        public void reset(ChannelConfig config) {
            sizes.reset(config);
        }

        @Override
        public void incMessagesRead(int messages) {
            sizes.incMessagesRead(messages);
        }

        @Override
        public void lastBytesRead(int bytes) {
            sizes.lastBytesRead(bytes);
        }

        @Override
        public int lastBytesRead() {
            return sizes.lastBytesRead();
        }

        @Override
        public void attemptedBytesRead(int bytes) {
            sizes.attemptedBytesRead(bytes);
        }

        @Override
        public int attemptedBytesRead() {
            return sizes.attemptedBytesRead();
        }

        @Override
        public boolean continueReading() {
            return sizes.continueReading();
        }

        @Override
        public boolean continueReading(UncheckedBooleanSupplier maybeMoreDataSupplier) {
            return sizes.continueReading(maybeMoreDataSupplier);
        }

        @Override
        public void readComplete() {
            sizes.readComplete();
        }
    }
}
