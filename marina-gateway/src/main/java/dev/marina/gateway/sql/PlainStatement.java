package dev.marina.gateway.sql;

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
    private static final List<String> PINNING_WORDS = needles();

    /**
     * The ASCII characters worth a second look: quotes, comment and dollar-quote starts, semicolons, and the first
     * letters of {@link #PINNING_WORDS} in both cases. Most characters of a statement are none of these and cost one
     * table lookup.
     */
    private static final boolean[] NOTABLE = notable(PINNING_WORDS);

    private PlainStatement() {}

    static boolean is(String sql) {
        int length = sql.length();
        int index = 0;
        while (index < length && isSpace(sql.charAt(index))) {
            index++;
        }
        int wordStart = index;
        while (index < length && isWordCharacter(sql.charAt(index))) {
            index++;
        }
        if (index == wordStart || !isLetter(sql.charAt(wordStart)) || startsEffectStatement(sql, wordStart, index)) {
            return false;
        }
        for (index = wordStart; index < length; index++) {
            char character = sql.charAt(index);
            if (character >= 0x80) {
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
                    if (index + 1 < length && sql.charAt(index + 1) == '-') {
                        return false;
                    }
                }
                case '/' -> {
                    if (index + 1 < length && sql.charAt(index + 1) == '*') {
                        return false;
                    }
                }
                case '$' -> {
                    // $1 is a parameter; anything else may start a dollar quote.
                    if (index + 1 >= length || !isDigit(sql.charAt(index + 1))) {
                        return false;
                    }
                }
                case ';' -> {
                    return onlySpaceAndSemicolonsFrom(sql, index);
                }
                default -> {
                    if (namesPinningWord(sql, index, character)) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    private static boolean namesPinningWord(String sql, int index, char character) {
        char lower = SqlLexer.lowerAscii(character);
        char next = index + 1 < sql.length() ? SqlLexer.lowerAscii(sql.charAt(index + 1)) : 0;
        for (String word : PINNING_WORDS) {
            // Two characters decide for nearly every position: only then compare the whole word.
            if (word.charAt(0) == lower
                    && word.charAt(1) == next
                    && sql.regionMatches(true, index, word, 0, word.length())) {
                return true;
            }
        }
        return false;
    }

    private static boolean startsEffectStatement(String sql, int start, int end) {
        for (String word : StatementSessionEffect.LEADING_WORDS) {
            if (word.length() == end - start && sql.regionMatches(true, start, word, 0, word.length())) {
                return true;
            }
        }
        return false;
    }

    private static boolean onlySpaceAndSemicolonsFrom(String sql, int index) {
        for (int rest = index; rest < sql.length(); rest++) {
            char character = sql.charAt(rest);
            if (character != ';' && !isSpace(character)) {
                return false;
            }
        }
        return true;
    }

    // pg_temp and TEMP/TEMPORARY all contain "temp"; the function names are matched whole, so a new one in the list is
    // screened as well.
    private static List<String> needles() {
        List<String> words = new ArrayList<>(StatementSessionEffect.PINNING_FUNCTIONS);
        words.add("temp");
        return List.copyOf(words);
    }

    private static boolean[] notable(List<String> words) {
        boolean[] notable = new boolean[0x80];
        for (char character : "'\"\\-/$;".toCharArray()) {
            notable[character] = true;
        }
        for (String word : words) {
            char first = word.charAt(0);
            notable[first] = true;
            notable[Character.toUpperCase(first)] = true;
        }
        return notable;
    }

    private static boolean isSpace(char character) {
        return character == ' ' || character == '\t' || character == '\n' || character == '\r' || character == '\f';
    }

    private static boolean isWordCharacter(char character) {
        return isLetter(character) || isDigit(character) || character == '_' || character == '$';
    }

    private static boolean isLetter(char character) {
        return (character >= 'a' && character <= 'z') || (character >= 'A' && character <= 'Z');
    }

    private static boolean isDigit(char character) {
        return character >= '0' && character <= '9';
    }
}
