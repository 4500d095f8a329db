package dev.marina.gateway.protocol;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads fields of a framed message; every malformed field is a {@link ProtocolException}. */
public final class MessageReader {

    private MessageReader() {}

    /** The NUL-terminated string starting at {@code index}; its end is {@code index + length + 1}. */
    public static String string(ByteBuf message, int index) {
        int end = message.indexOf(index, message.writerIndex(), (byte) 0);
        if (end < 0) {
            throw new ProtocolException("a string in a message of type '" + typeOf(message) + "' is not terminated");
        }
        return message.toString(index, end - index, StandardCharsets.UTF_8);
    }

    /** The index just past the NUL that ends the string starting at {@code index}. */
    public static int skipString(ByteBuf message, int index) {
        int end = message.indexOf(index, message.writerIndex(), (byte) 0);
        if (end < 0) {
            throw new ProtocolException("a string in a message of type '" + typeOf(message) + "' is not terminated");
        }
        return end + 1;
    }

    /** The body starts after the type byte and the length. */
    public static int bodyStart(ByteBuf message) {
        return message.readerIndex() + 5;
    }

    /** Name/value pairs of a startup packet (after its length and protocol version), up to the final NUL. */
    public static Map<String, String> startupParameters(ByteBuf packet) {
        Map<String, String> parameters = new LinkedHashMap<>();
        int index = packet.readerIndex() + 8;
        int end = packet.writerIndex();
        while (index < end && packet.getByte(index) != 0) {
            String name = string(packet, index);
            index = skipString(packet, index);
            if (index >= end) {
                throw new ProtocolException("startup parameter \"" + name + "\" has no value");
            }
            String value = string(packet, index);
            index = skipString(packet, index);
            if (parameters.put(name, value) != null) {
                throw new ProtocolException("startup parameter \"" + name + "\" is given twice");
            }
        }
        if (index >= end) {
            throw new ProtocolException("the startup packet is not terminated");
        }
        return parameters;
    }

    private static char typeOf(ByteBuf message) {
        return (char) message.getByte(message.readerIndex());
    }
}
