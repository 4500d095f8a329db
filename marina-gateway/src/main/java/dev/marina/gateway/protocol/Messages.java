package dev.marina.gateway.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Builds the protocol messages the gateway writes itself, as PostgreSQL would write them. */
public final class Messages {

    public static final int PROTOCOL_VERSION_3 = 196608;
    public static final int SSL_REQUEST = 80877103;
    public static final int GSSENC_REQUEST = 80877104;
    public static final int CANCEL_REQUEST = 80877102;

    private Messages() {}

    public static ByteBuf authenticationOk(ByteBufAllocator allocator) {
        return allocator.buffer(9).writeByte('R').writeInt(8).writeInt(0);
    }

    public static ByteBuf authenticationSasl(ByteBufAllocator allocator, List<String> mechanisms) {
        ByteBuf buffer = allocator.buffer();
        buffer.writeByte('R').writeInt(0).writeInt(10);
        for (String mechanism : mechanisms) {
            writeString(buffer, mechanism);
        }
        buffer.writeByte(0);
        return finishLength(buffer);
    }

    public static ByteBuf authenticationSaslContinue(ByteBufAllocator allocator, String data) {
        return authenticationSaslData(allocator, 11, data);
    }

    public static ByteBuf authenticationSaslFinal(ByteBufAllocator allocator, String data) {
        return authenticationSaslData(allocator, 12, data);
    }

    private static ByteBuf authenticationSaslData(ByteBufAllocator allocator, int code, String data) {
        byte[] bytes = data.getBytes(StandardCharsets.UTF_8);
        return allocator
                .buffer(9 + bytes.length)
                .writeByte('R')
                .writeInt(8 + bytes.length)
                .writeInt(code)
                .writeBytes(bytes);
    }

    public static ByteBuf parameterStatus(ByteBufAllocator allocator, String name, String value) {
        ByteBuf buffer = allocator.buffer();
        buffer.writeByte('S').writeInt(0);
        writeString(buffer, name);
        writeString(buffer, value);
        return finishLength(buffer);
    }

    public static ByteBuf backendKeyData(ByteBufAllocator allocator, int processId, int secretKey) {
        return allocator
                .buffer(13)
                .writeByte('K')
                .writeInt(12)
                .writeInt(processId)
                .writeInt(secretKey);
    }

    public static ByteBuf readyForQuery(ByteBufAllocator allocator, byte transactionStatus) {
        return allocator.buffer(6).writeByte('Z').writeInt(5).writeByte(transactionStatus);
    }

    public static ByteBuf parseComplete(ByteBufAllocator allocator) {
        return allocator.buffer(5).writeByte('1').writeInt(4);
    }

    public static ByteBuf closeComplete(ByteBufAllocator allocator) {
        return allocator.buffer(5).writeByte('3').writeInt(4);
    }

    public static ByteBuf commandComplete(ByteBufAllocator allocator, String tag) {
        ByteBuf buffer = allocator.buffer();
        buffer.writeByte('C').writeInt(0);
        writeString(buffer, tag);
        return finishLength(buffer);
    }

    /** An ErrorResponse ({@code ERROR} or {@code FATAL}) with SQLSTATE, message and an optional hint. */
    public static ByteBuf error(
            ByteBufAllocator allocator, String severity, String sqlState, String message, String hint) {
        return notice(allocator, 'E', severity, sqlState, message, hint);
    }

    public static ByteBuf notice(
            ByteBufAllocator allocator, char type, String severity, String sqlState, String message, String hint) {
        ByteBuf buffer = allocator.buffer();
        buffer.writeByte(type).writeInt(0);
        buffer.writeByte('S');
        writeString(buffer, severity);
        buffer.writeByte('V');
        writeString(buffer, severity);
        buffer.writeByte('C');
        writeString(buffer, sqlState);
        buffer.writeByte('M');
        writeString(buffer, message);
        if (hint != null) {
            buffer.writeByte('H');
            writeString(buffer, hint);
        }
        buffer.writeByte(0);
        return finishLength(buffer);
    }

    public static ByteBuf startupMessage(ByteBufAllocator allocator, Map<String, String> parameters) {
        ByteBuf buffer = allocator.buffer();
        buffer.writeInt(0).writeInt(PROTOCOL_VERSION_3);
        parameters.forEach((name, value) -> {
            writeString(buffer, name);
            writeString(buffer, value);
        });
        buffer.writeByte(0);
        buffer.setInt(0, buffer.readableBytes());
        return buffer;
    }

    public static ByteBuf cancelRequest(ByteBufAllocator allocator, int processId, int secretKey) {
        return allocator
                .buffer(16)
                .writeInt(16)
                .writeInt(CANCEL_REQUEST)
                .writeInt(processId)
                .writeInt(secretKey);
    }

    public static ByteBuf saslInitialResponse(ByteBufAllocator allocator, String mechanism, String data) {
        byte[] bytes = data.getBytes(StandardCharsets.UTF_8);
        ByteBuf buffer = allocator.buffer();
        buffer.writeByte('p').writeInt(0);
        writeString(buffer, mechanism);
        buffer.writeInt(bytes.length).writeBytes(bytes);
        return finishLength(buffer);
    }

    public static ByteBuf password(ByteBufAllocator allocator, String data) {
        ByteBuf buffer = allocator.buffer();
        buffer.writeByte('p').writeInt(0);
        writeString(buffer, data);
        return finishLength(buffer);
    }

    public static ByteBuf saslResponse(ByteBufAllocator allocator, String data) {
        byte[] bytes = data.getBytes(StandardCharsets.UTF_8);
        return allocator
                .buffer(5 + bytes.length)
                .writeByte('p')
                .writeInt(4 + bytes.length)
                .writeBytes(bytes);
    }

    /** Close of a prepared statement ({@code C}, {@code S}, name). */
    public static ByteBuf closeStatement(ByteBufAllocator allocator, String name) {
        ByteBuf buffer = allocator.buffer();
        buffer.writeByte('C').writeInt(0).writeByte('S');
        writeString(buffer, name);
        return finishLength(buffer);
    }

    public static ByteBuf simpleQuery(ByteBufAllocator allocator, String sql) {
        ByteBuf buffer = allocator.buffer();
        buffer.writeByte('Q').writeInt(0);
        writeString(buffer, sql);
        return finishLength(buffer);
    }

    public static ByteBuf terminate(ByteBufAllocator allocator) {
        return allocator.buffer(5).writeByte('X').writeInt(4);
    }

    public static void writeString(ByteBuf buffer, String value) {
        buffer.writeCharSequence(value, StandardCharsets.UTF_8);
        buffer.writeByte(0);
    }

    private static ByteBuf finishLength(ByteBuf buffer) {
        buffer.setInt(1, buffer.readableBytes() - 1);
        return buffer;
    }
}
