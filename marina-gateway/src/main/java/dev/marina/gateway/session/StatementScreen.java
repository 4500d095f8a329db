package dev.marina.gateway.session;

import static java.util.Objects.requireNonNull;

import io.netty.buffer.ByteBuf;

/**
 * Screens the SQL text of a client's Query or Parse for session effects from its bytes, where it lies in the message:
 * the gateway asks this of every statement of every transaction, and decoding each into a String first cost more
 * than the screening itself. Only text the inspector cannot clear this way is decoded and read in full; text it cleared
 * lately is cleared again without asking it. One array per client, reused; confined to the event loop.
 */
final class StatementScreen {

    /** Longer statements are rare and are read as Strings: the array stays small. */
    private static final int LARGEST_SCREENED_BYTES = 16 * 1024;

    private final QueryInspector inspector;
    private final ClearedTexts cleared = new ClearedTexts();
    private byte[] text = new byte[256];

    StatementScreen(QueryInspector inspector) {
        this.inspector = requireNonNull(inspector, "inspector is null");
    }

    /**
     * Whether the NUL-terminated text at {@code start} certainly has no session effect; false as well when no NUL ends
     * it before {@code end}, the end of its message.
     */
    boolean certainlyWithoutEffect(ByteBuf message, int start, int end) {
        int nul = message.indexOf(start, end, (byte) 0);
        int length = nul - start;
        if (nul < 0 || length > LARGEST_SCREENED_BYTES) {
            return false;
        }
        if (length > text.length) {
            text = new byte[Math.max(length, 2 * text.length)];
        }
        message.getBytes(start, text, 0, length);
        if (cleared.contains(text, length)) {
            return true;
        }
        if (!inspector.certainlyNoSessionEffect(text, length)) {
            return false;
        }
        cleared.add(text, length);
        return true;
    }
}
