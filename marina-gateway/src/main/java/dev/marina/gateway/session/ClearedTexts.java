package dev.marina.gateway.session;

import java.util.Arrays;

/**
 * The last few statement texts a client's screen cleared of session effects, so that a text seen again is cleared by
 * comparing its bytes (one vectorized comparison) instead of being screened again character by character. Clients
 * that send the same texts over and over gain: every Parse of the extended protocol carries its statement's whole
 * text, the same in each transaction (pgbench -M extended, any driver that does not name its statements). Texts that
 * carry literals differ each time and are screened as before. Each slot keeps its array, so remembering a text
 * allocates nothing once the arrays are large enough. Confined to the event loop.
 */
final class ClearedTexts {

    /** A transaction's worth of distinct statements (TPC-B has seven). */
    private static final int SLOTS = 8;

    /** Longer texts are rare and are screened each time: the arrays stay small. */
    private static final int LARGEST_REMEMBERED_BYTES = 1024;

    private static final int EMPTY = -1;

    private final byte[][] texts = new byte[SLOTS][];
    private final int[] lengths = new int[SLOTS];
    private int next;

    ClearedTexts() {
        Arrays.fill(lengths, EMPTY);
    }

    /** Whether the first {@code length} bytes of {@code text} are one of the texts remembered. */
    boolean contains(byte[] text, int length) {
        for (int slot = 0; slot < SLOTS; slot++) {
            if (lengths[slot] == length && Arrays.equals(texts[slot], 0, length, text, 0, length)) {
                return true;
            }
        }
        return false;
    }

    /** Remembers the first {@code length} bytes of {@code text}, in place of the text remembered longest ago. */
    void add(byte[] text, int length) {
        if (length > LARGEST_REMEMBERED_BYTES) {
            return;
        }
        byte[] slot = texts[next];
        if (slot == null || slot.length < length) {
            slot = new byte[Math.max(length, 64)];
            texts[next] = slot;
        }
        System.arraycopy(text, 0, slot, 0, length);
        lengths[next] = length;
        next = (next + 1) % SLOTS;
    }
}
