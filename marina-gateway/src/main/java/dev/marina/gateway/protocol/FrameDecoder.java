package dev.marina.gateway.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Cuts a byte stream into whole protocol messages without copying: each output is a retained slice holding the
 * type byte, the length and the body. Until {@link #startupDone()} a client's stream has no type byte (startup,
 * SSL, GSS and cancel requests), which the slice then lacks as well.
 *
 * <p>Limits follow PostgreSQL's: a startup packet is at most 10,000 bytes, as is any message but the ones that carry
 * data (query, parse, bind, copy data, function call, and every message from a server); those may be at most {@code
 * maximumMessageBytes}. A frame over a limit is a {@link ProtocolException}, before its body is read.
 */
public final class FrameDecoder extends ByteToMessageDecoder {

    public static final int MAXIMUM_STARTUP_BYTES = 10_000;
    private static final int MAXIMUM_SMALL_MESSAGE_BYTES = 10_000;

    private final boolean fromServer;
    private final int maximumMessageBytes;
    private boolean startup;

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

    @Override
    protected void decode(ChannelHandlerContext context, ByteBuf in, List<Object> out) {
        while (true) {
            int start = in.readerIndex();
            int available = in.readableBytes();
            if (startup) {
                if (available < 4) {
                    return;
                }
                int length = in.getInt(start);
                if (length < 8 || length > MAXIMUM_STARTUP_BYTES) {
                    throw new ProtocolException("invalid startup packet length " + length);
                }
                if (available < length) {
                    return;
                }
                out.add(in.retainedSlice(start, length));
                in.skipBytes(length);
                // Only one startup-phase packet is decoded at a time: the handler decides whether the next one
                // still belongs to the startup phase (after an SSL refusal) or carries a type byte.
                return;
            }
            if (available < 5) {
                return;
            }
            byte type = in.getByte(start);
            int length = in.getInt(start + 1);
            if (length < 4 || length - 4 > limitFor(type)) {
                throw new ProtocolException(
                        length < 4
                                ? "invalid message length " + length
                                : "message of type '" + (char) type + "' is " + length
                                        + " bytes; the gateway's limit is " + limitFor(type));
            }
            if (available < length + 1) {
                return;
            }
            out.add(in.retainedSlice(start, length + 1));
            in.skipBytes(length + 1);
        }
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
