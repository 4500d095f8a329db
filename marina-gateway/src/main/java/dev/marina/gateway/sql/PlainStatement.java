package dev.marina.gateway.sql;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Tells, in one pass over the characters and without lexing, that a text certainly has no session effect: the usual
 * case (every statement pgbench sends, most of an OLTP application's), which the gateway meets on every Query and
 * Parse. Lexing it cost more than forwarding it, and made the JIT compile the lexer.
 *
 * <p>A plain statement is one statement (a {@code ;} only at the end), of ASCII text without quotes, comments or dollar
 * quotes (so nothing can hide a word or run unterminated, and every word is where the lexer would find it), whose
 * first word starts no statement with an effect of its own ({@code SET}, {@code LISTEN}, {@code DISCARD}, ...), and
 * whose text nowhere contains the name of a pinning function or {@code temp} (temporary objects, {@code pg_temp}).
 * Whatever is not plain goes to the lexer: this only ever skips work whose answer is known.
 */
final class PlainStatement {

    /** Every text that pins through its words contains one of these, in any case. */
    private static final byte[][] PINNING_WORDS = needles();

    private static final byte[][] LEADING_WORDS = asciiBytes(StatementSessionEffect.LEADING_WORDS);

    /**
     * The ASCII characters worth a second look: quotes, comment and dollar-quote starts, semicolons, and the first
     * letters of {@link #PINNING_WORDS} in both cases. Most characters of a statement are none of these and cost one
     * table lookup.
     */
    private static final boolean[] NOTABLE = notable(PINNING_WORDS);

    /**
     * The first two letters of each of {@link #PINNING_WORDS}, lower case, indexed by {@code first << 7 | second}: the
     * letters that start them are common in SQL, and two of them rule out nearly every position at one lookup.
     */
    private static final boolean[] PINNING_PAIRS = pairs(PINNING_WORDS);

    private PlainStatement() {}

    static boolean is(String sql) {
        // Plain text is ASCII, whose UTF-8 bytes are its characters; any other character becomes bytes of 0x80 and up,
        // which are not plain either.
        byte[] text = sql.getBytes(StandardCharsets.UTF_8);
        return is(text, text.length);
    }

    /** The same, for the first {@code length} bytes of UTF-8 text: what a client sent, before it is decoded. */
    static boolean is(byte[] text, int length) {
        int index = 0;
        while (index < length && isSpace(text[index])) {
            index++;
        }
        int wordStart = index;
        while (index < length && isWordCharacter(text[index])) {
            index++;
        }
        if (index == wordStart || !isLetter(text[wordStart]) || startsEffectStatement(text, wordStart, index)) {
            return false;
        }
        for (index = wordStart; index < length; index++) {
            byte character = text[index];
            if (character < 0) {
                // A byte of 0x80 or above: part of a non-ASCII character.
                return false;
            }
            if (!NOTABLE[character]) {
                continue;
            }
            switch (character) {
                case '\'', '"', '\\' -> {
                    return false;
                }
                case '-' -> {
                    if (index + 1 < length && text[index + 1] == '-') {
                        return false;
                    }
                }
                case '/' -> {
                    if (index + 1 < length && text[index + 1] == '*') {
                        return false;
                    }
                }
                case '$' -> {
                    // $1 is a parameter; anything else may start a dollar quote.
                    if (index + 1 >= length || !isDigit(text[index + 1])) {
                        return false;
                    }
                }
                case ';' -> {
                    return onlySpaceAndSemicolonsFrom(text, index, length);
                }
                default -> {
                    if (namesPinningWord(text, index, length, character)) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    private static boolean namesPinningWord(byte[] text, int index, int length, byte character) {
        byte lower = lowerAscii(character);
        byte next = index + 1 < length ? lowerAscii(text[index + 1]) : 0;
        if (next < 0 || !PINNING_PAIRS[lower << 7 | next]) {
            return false;
        }
        for (byte[] word : PINNING_WORDS) {
            // Two characters decide for nearly every position: only then compare the whole word.
            if (word[0] == lower && word[1] == next && matchesIgnoringCase(text, index, length, word)) {
                return true;
            }
        }
        return false;
    }

    private static boolean startsEffectStatement(byte[] text, int start, int end) {
        for (byte[] word : LEADING_WORDS) {
            if (word.length == end - start && matchesIgnoringCase(text, start, end, word)) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code word} (lower case ASCII) is at {@code index}, in any case. */
    private static boolean matchesIgnoringCase(byte[] text, int index, int length, byte[] word) {
        if (length - index < word.length) {
            return false;
        }
        for (int offset = 0; offset < word.length; offset++) {
            if (lowerAscii(text[index + offset]) != word[offset]) {
                return false;
            }
        }
        return true;
    }

    private static boolean onlySpaceAndSemicolonsFrom(byte[] text, int index, int length) {
        for (int rest = index; rest < length; rest++) {
            byte character = text[rest];
            if (character != ';' && !isSpace(character)) {
                return false;
            }
        }
        return true;
    }

    // pg_temp and TEMP/TEMPORARY all contain "temp"; the function names are matched whole, so a new one in the list is
    // screened as well.
    private static byte[][] needles() {
        List<String> words = new ArrayList<>(StatementSessionEffect.PINNING_FUNCTIONS);
        words.add("temp");
        return asciiBytes(words);
    }

    private static byte[][] asciiBytes(List<String> words) {
        byte[][] bytes = new byte[words.size()][];
        for (int index = 0; index < bytes.length; index++) {
            bytes[index] = words.get(index).getBytes(StandardCharsets.US_ASCII);
        }
        return bytes;
    }

    private static boolean[] pairs(byte[][] words) {
        boolean[] pairs = new boolean[0x80 * 0x80];
        for (byte[] word : words) {
            pairs[word[0] << 7 | word[1]] = true;
        }
        return pairs;
    }

    private static boolean[] notable(byte[][] words) {
        boolean[] notable = new boolean[0x80];
        for (char character : "'\"\\-/$;".toCharArray()) {
            notable[character] = true;
        }
        for (byte[] word : words) {
            byte first = word[0];
            notable[first] = true;
            notable[Character.toUpperCase(first)] = true;
        }
        return notable;
    }

    private static byte lowerAscii(byte character) {
        return character >= 'A' && character <= 'Z' ? (byte) (character + ('a' - 'A')) : character;
    }

    private static boolean isSpace(byte character) {
        return character == ' ' || character == '\t' || character == '\n' || character == '\r' || character == '\f';
    }

    private static boolean isWordCharacter(byte character) {
        return isLetter(character) || isDigit(character) || character == '_' || character == '$';
    }

    private static boolean isLetter(byte character) {
        return (character >= 'a' && character <= 'z') || (character >= 'A' && character <= 'Z');
    }

    private static boolean isDigit(byte character) {
        return character >= '0' && character <= '9';
    }
}
