package dev.marina.gateway.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.function.Consumer;

/**
 * Cuts a byte stream into whole protocol messages without copying: each message is a retained slice holding the type
 * byte, the length and the body. Until {@link #startupDone()} a client's stream has no type byte (startup, SSL, GSS
 * and cancel requests), which the slice then lacks as well.
 *
 * <p>The connection's own handler calls {@link #decode} with each read, rather than a decoder stage in the pipeline
 * passing messages on: Netty's generic decoder costs a pipeline pass per message and its own bookkeeping per read,
 * which showed in the gateway's CPU per transaction. Bytes of an incomplete message are kept until the rest arrives;
 * once its length is known, the buffer that keeps them is sized for the whole message, so a large message is copied
 * once.
 *
 * <p>Limits follow PostgreSQL's: a startup packet is at most 10,000 bytes, as is any message but the ones that carry
 * data (query, parse, bind, copy data, function call, and every message from a server); those may be at most {@code
 * maximumMessageBytes}. A frame over a limit is a {@link ProtocolException}, before its body is read. Confined to the
 * connection's event loop.
 */
public final class FrameDecoder {

    public static final int MAXIMUM_STARTUP_BYTES = 10_000;
    private static final int MAXIMUM_SMALL_MESSAGE_BYTES = 10_000;
    private static final int HEADER_BYTES = 5;

    private final boolean fromServer;
    private final int maximumMessageBytes;
    private boolean startup;
    /** The bytes of a message not yet complete, or null. */
    private ByteBuf partial;

    private FrameDecoder(boolean fromServer, boolean startup, int maximumMessageBytes) {
        this.fromServer = fromServer;
        this.startup = startup;
        this.maximumMessageBytes = maximumMessageBytes;
    }

    /** For a client connection: starts in the startup phase. */
    public static FrameDecoder forClient(int maximumMessageBytes) {
        return new FrameDecoder(false, true, maximumMessageBytes);
    }

    /** For a server connection: every message has a type byte. */
    public static FrameDecoder forServer(int maximumMessageBytes) {
        return new FrameDecoder(true, false, maximumMessageBytes);
    }

    /** The client has sent its startup message; from now on messages carry a type byte. */
    public void startupDone() {
        startup = false;
    }

    /**
     * Hands every message completed by {@code data} to {@code messages}, each before the next is cut (so that a
     * startup packet is handled before the decoder decides how to read what follows it). Takes {@code data}.
     */
    public void decode(ByteBufAllocator allocator, ByteBuf data, Consumer<ByteBuf> messages) {
        ByteBuf in = partial == null ? data : append(allocator, data);
        partial = null;
        try {
            int length;
            while ((length = nextLength(in)) > 0 && in.readableBytes() >= length) {
                ByteBuf message = in.retainedSlice(in.readerIndex(), length);
                in.skipBytes(length);
                messages.accept(message);
            }
        } finally {
            keepRest(in);
        }
    }

    /**
     * Hands every message completed by {@code data} to {@code frames} where it lies, without a buffer object of its
     * own: a connection that only looks at a message's type and copies it on (a server's answers, most of them rows)
     * then costs no allocation and no reference counting per message. Takes {@code data}.
     */
    public void decodeFrames(ByteBufAllocator allocator, ByteBuf data, Frames frames) {
        ByteBuf in = partial == null ? data : append(allocator, data);
        partial = null;
        try {
            int length;
            while ((length = nextLength(in)) > 0 && in.readableBytes() >= length) {
                int start = in.readerIndex();
                in.skipBytes(length);
                frames.frame(in, start, length);
            }
        } finally {
            keepRest(in);
        }
    }

    private void keepRest(ByteBuf in) {
        if (in.isReadable()) {
            partial = in;
        } else {
            in.release();
        }
    }

    /** Frees what an incomplete message left behind (the connection is gone). */
    public void release() {
        if (partial != null) {
            partial.release();
            partial = null;
        }
    }

    /** The whole length of the message at the reader index, or 0 while its header is incomplete. */
    private int nextLength(ByteBuf in) {
        int start = in.readerIndex();
        int available = in.readableBytes();
        if (startup) {
            if (available < 4) {
                return 0;
            }
            int length = in.getInt(start);
            if (length < 8 || length > MAXIMUM_STARTUP_BYTES) {
                throw new ProtocolException("invalid startup packet length " + length);
            }
            return length;
        }
        if (available < HEADER_BYTES) {
            return 0;
        }
        byte type = in.getByte(start);
        int length = in.getInt(start + 1);
        if (length < 4 || length - 4 > limitFor(type)) {
            throw new ProtocolException(
                    length < 4
                            ? "invalid message length " + length
                            : "message of type '" + (char) type + "' is " + length + " bytes; the gateway's limit is "
                                    + limitFor(type));
        }
        return length + 1;
    }

    /**
     * The kept bytes followed by {@code data}. Written into the kept buffer's free space when it fits and the buffer is
     * its own, not a view of another (slices of earlier messages end before that space, so they see no change);
     * otherwise copied into a buffer that fits the whole
     * incomplete message when its length is known.
     */
    private ByteBuf append(ByteBufAllocator allocator, ByteBuf data) {
        ByteBuf kept = partial;
        int needed = kept.readableBytes() + data.readableBytes();
        if (kept.unwrap() == null && kept.writableBytes() >= data.readableBytes()) {
            kept.writeBytes(data);
            data.release();
            return kept;
        }
        int messageLength = nextLength(kept);
        ByteBuf joined = allocator.directBuffer(Math.max(needed, messageLength));
        joined.writeBytes(kept);
        joined.writeBytes(data);
        kept.release();
        data.release();
        return joined;
    }

    /** Receives messages where they lie in the connection's read buffer. */
    @FunctionalInterface
    public interface Frames {

        /**
         * One whole message: the {@code length} bytes of {@code buffer} from {@code start}, type byte first. Valid
         * during the call only; what must outlive it is copied or taken as a retained slice.
         */
        void frame(ByteBuf buffer, int start, int length);
    }

    private int limitFor(byte type) {
        if (fromServer) {
            return maximumMessageBytes;
        }
        return switch (type) {
            case 'Q', 'P', 'B', 'd', 'F' -> maximumMessageBytes;
            default -> MAXIMUM_SMALL_MESSAGE_BYTES;
        };
    }
}
