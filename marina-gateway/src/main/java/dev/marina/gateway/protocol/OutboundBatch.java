package dev.marina.gateway.protocol;

import static java.util.Objects.requireNonNull;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.unix.Socket;
import java.io.IOException;

/**
 * The messages written to one connection between two flushes, copied into one buffer. A transaction's answer is a
 * handful of small messages (RowDescription, DataRow, CommandComplete, ReadyForQuery); written one by one, each costs
 * Netty a pass down the pipeline, an outbound entry and reference counting, and the kernel one more iovec in the
 * write. Copied together, a flush is one buffer and one plain send, as in PgBouncer, which forwards from its own
 * buffers. Large messages (big rows, COPY data) are not copied: what the batch holds is written first, then the
 * message as it is. Confined to the connection's event loop.
 */
public final class OutboundBatch {

    /** Messages at least this large are written as they are: copying them would cost more than it saves. */
    private static final int LARGE_MESSAGE_BYTES = 4096;

    /**
     * One batch buffer's size. A full one is handed to the channel without a flush, so that the channel's writability
     * (which holds back a fast sender) sees what is waiting.
     */
    private static final int CAPACITY = 8192;

    private final Channel channel;
    /** The channel's socket when it is one of the epoll transport's, which this class can send on itself. */
    private final Socket socket;

    private ByteBuf batch;
    /**
     * The last batch handed to the channel, still referenced here: once the channel has sent and released it (the
     * usual case by the next write), it is filled again instead of taking another buffer from the allocator.
     */
    private ByteBuf spare;

    private boolean unflushed;
    private boolean discarded;

    public OutboundBatch(Channel channel) {
        this.channel = requireNonNull(channel, "channel is null");
        this.socket = channel instanceof EpollSocketChannel epoll && epoll.fd() instanceof Socket unix ? unix : null;
    }

    /** Takes {@code message} (and the duty to release it); nothing is sent before {@link #flush()}. */
    public void write(ByteBuf message) {
        if (discarded) {
            message.release();
            return;
        }
        int size = message.readableBytes();
        if (size >= LARGE_MESSAGE_BYTES) {
            handOver();
            channel.write(message, channel.voidPromise());
            unflushed = true;
            return;
        }
        copy(message, message.readerIndex(), size);
        message.release();
    }

    /**
     * Writes the {@code length} bytes of {@code buffer} from {@code start}, which stays the caller's: copied, or when
     * large taken as a retained slice.
     */
    public void write(ByteBuf buffer, int start, int length) {
        if (discarded) {
            return;
        }
        if (length >= LARGE_MESSAGE_BYTES) {
            handOver();
            channel.write(buffer.retainedSlice(start, length), channel.voidPromise());
            unflushed = true;
            return;
        }
        copy(buffer, start, length);
    }

    private void copy(ByteBuf source, int start, int length) {
        if (batch != null && batch.writableBytes() < length) {
            handOver();
        }
        if (batch == null) {
            batch = emptyBuffer();
        }
        batch.writeBytes(source, start, length);
    }

    /** Sends everything written so far; does nothing when nothing was. */
    public void flush() {
        if (!unflushed && (batch == null || !batch.isReadable() || sendDirectly())) {
            return;
        }
        handOver();
        if (unflushed) {
            unflushed = false;
            channel.flush();
        }
    }

    /**
     * Sends the batch with one system call of its own when nothing else is on its way out, and keeps the buffer for the
     * next batch; false, having sent nothing, when the channel must do it. Netty's way costs a pass down the pipeline,
     * an outbound entry, reference counting, and the accounting of pending bytes for each flush: about as much as the
     * gateway's own work on a small transaction. Only when the connection's one handler is its own (no TLS to encrypt
     * what is written) and Netty holds nothing unsent (which must go first); what the socket does not take at once
     * (a full send buffer) goes to the channel, which waits until it can write.
     */
    private boolean sendDirectly() {
        if (socket == null || !batch.hasMemoryAddress() || !channel.isActive()) {
            // Closed, its descriptor's number may belong to another connection by now.
            return false;
        }
        ChannelPipeline pipeline = channel.pipeline();
        ChannelOutboundBuffer pending = channel.unsafe().outboundBuffer();
        if (pipeline.first() != pipeline.last() || pending == null || pending.totalPendingWriteBytes() != 0) {
            return false;
        }
        int sent;
        try {
            sent = socket.sendAddress(batch.memoryAddress(), batch.readerIndex(), batch.writerIndex());
        } catch (IOException e) {
            // The channel's own write meets the same error and closes the connection as it always does.
            return false;
        }
        batch.skipBytes(sent);
        if (batch.isReadable()) {
            return false;
        }
        batch.clear();
        return true;
    }

    /** Sends everything written so far, then {@code message}; the future tells when the message is out. */
    public ChannelFuture writeAndFlush(ByteBuf message) {
        handOver();
        unflushed = false;
        return channel.writeAndFlush(message);
    }

    /** Drops what was not flushed, and whatever is written from now on: the connection is gone. */
    public void discard() {
        discarded = true;
        if (batch != null) {
            batch.release();
            batch = null;
        }
        if (spare != null) {
            spare.release();
            spare = null;
        }
    }

    private ByteBuf emptyBuffer() {
        ByteBuf reused = spare;
        if (reused != null) {
            spare = null;
            // Only this reference left: the channel has written it out and let go of it.
            if (reused.refCnt() == 1) {
                return reused.clear();
            }
            reused.release();
        }
        return channel.alloc().directBuffer(CAPACITY);
    }

    private void handOver() {
        if (batch == null || !batch.isReadable()) {
            return;
        }
        ByteBuf full = batch;
        batch = null;
        if (spare == null) {
            spare = full.retain();
        }
        channel.write(full, channel.voidPromise());
        unflushed = true;
    }
}
