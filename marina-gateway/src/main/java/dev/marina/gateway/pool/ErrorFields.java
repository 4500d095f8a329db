package dev.marina.gateway.pool;

import dev.marina.gateway.protocol.MessageReader;
import io.netty.buffer.ByteBuf;
import java.util.HashMap;
import java.util.Map;

/** The fields of an ErrorResponse or NoticeResponse, by their one-letter codes. */
public final class ErrorFields {

    private ErrorFields() {}

    public static Map<Character, String> of(ByteBuf message) {
        Map<Character, String> fields = new HashMap<>();
        int index = MessageReader.bodyStart(message);
        int end = message.writerIndex();
        while (index < end) {
            byte code = message.getByte(index);
            if (code == 0) {
                break;
            }
            String value = MessageReader.string(message, index + 1);
            fields.put((char) code, value);
            index = MessageReader.skipString(message, index + 1);
        }
        return fields;
    }

    public static ServerError toServerError(ByteBuf message) {
        Map<Character, String> fields = of(message);
        return new ServerError(
                fields.getOrDefault('V', fields.getOrDefault('S', "FATAL")),
                fields.getOrDefault('C', "XX000"),
                fields.getOrDefault('M', "server error"),
                true);
    }
}
