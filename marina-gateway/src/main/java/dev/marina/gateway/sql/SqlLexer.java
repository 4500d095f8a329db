package dev.marina.gateway.sql;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A forward-only cursor over the tokens of SQL text, lexed as PostgreSQL's scanner does as far as routing and pooling
 * decisions need: whitespace, {@code --} and nested {@code /* *}{@code /} comments are skipped; string literals (with
 * {@code ''} escapes, backslash escapes in {@code E''}, and {@code $tag$...$tag$} bodies) and double-quoted identifiers
 * are single tokens, so keywords inside them never surface as words.
 *
 * <p>The gateway runs this on every Query and Parse message, so it allocates nothing per token, never backtracks, and
 * never throws on malformed text: an unterminated literal, quoted identifier or comment runs to the end of the text and
 * sets {@link #unterminated()}, which callers treat as "uncertain".
 *
 * <p>Assumes {@code standard_conforming_strings} is on (PostgreSQL's default since 9.1): with it off, a backslash would
 * also escape a quote inside {@code '...'} and this lexer would end such strings early. A gateway that sees the server
 * report it off must not trust anything read from this lexer.
 *
 * <p>The cursor starts on the first token; {@link #advance()} moves on. One token of lookahead is available through
 * {@link #peek()}.
 */
public final class SqlLexer {
    private final String sql;
    private final int length;
    private int position;
    private boolean unterminated;

    private TokenKind kind;
    private int start;
    private int end;

    private boolean lookaheadReady;
    private TokenKind lookaheadKind;
    private int lookaheadStart;
    private int lookaheadEnd;

    private TokenKind lexedKind;
    private int lexedStart;

    public SqlLexer(String sql) {
        this.sql = requireNonNull(sql, "sql is null");
        this.length = sql.length();
        advance();
    }

    /**
     * The texts of the comments before the first token, without their delimiters, in order; an unterminated comment is
     * left out. Used for routing hints such as {@code /* marina:replica *}{@code /}.
     */
    public static List<String> leadingComments(String sql) {
        requireNonNull(sql, "sql is null");
        List<String> comments = null;
        int index = 0;
        while (index < sql.length()) {
            char character = sql.charAt(index);
            int commentEnd;
            if (isWhitespace(character)) {
                index++;
                continue;
            } else if (startsLineComment(sql, index)) {
                commentEnd = lineCommentEnd(sql, index);
                comments = added(comments, sql.substring(index + 2, commentEnd));
            } else if (startsBlockComment(sql, index)) {
                commentEnd = blockCommentEnd(sql, index);
                if (commentEnd < 0) {
                    break;
                }
                comments = added(comments, sql.substring(index + 2, commentEnd - 2));
            } else {
                break;
            }
            index = commentEnd;
        }
        return comments == null ? List.of() : List.copyOf(comments);
    }

    /** Moves to the next token; false once the text is exhausted, when the kind is {@link TokenKind#END}. */
    public boolean advance() {
        if (lookaheadReady) {
            kind = lookaheadKind;
            start = lookaheadStart;
            end = lookaheadEnd;
            lookaheadReady = false;
        } else {
            lex();
            kind = lexedKind;
            start = lexedStart;
            end = position;
        }
        return kind != TokenKind.END;
    }

    /** Moves to the {@code ;} that ends the current statement, or to the end of the text. */
    public void skipToStatementEnd() {
        while (!atStatementEnd()) {
            advance();
        }
    }

    /** Whether the current token is the {@code ;} ending a statement or the end of the text. */
    public boolean atStatementEnd() {
        return kind == TokenKind.SEMICOLON || kind == TokenKind.END;
    }

    public TokenKind kind() {
        return kind;
    }

    /** Where the current token starts in the text. */
    public int start() {
        return start;
    }

    /** Where the current token ends in the text (exclusive). */
    public int end() {
        return end;
    }

    /** The current token as written; allocates, so for messages and tests rather than the hot path. */
    public String text() {
        return sql.substring(start, end);
    }

    /**
     * Whether the current token is the given keyword or unquoted identifier. PostgreSQL folds only ASCII letters, so
     * this compares ASCII case-insensitively; {@code keyword} must be lower case.
     */
    public boolean isWord(String keyword) {
        return wordEquals(kind, start, end, keyword);
    }

    /** Whether the current token is a plain double-quoted identifier naming exactly {@code name}. */
    public boolean isQuotedIdentifier(String name) {
        return kind == TokenKind.QUOTED_IDENTIFIER
                && sql.charAt(start) == '"'
                && end - start == name.length() + 2
                && sql.startsWith(name, start + 1);
    }

    /** Whether the current token is the single operator character {@code character}, such as {@code *}. */
    public boolean isOperator(char character) {
        return kind == TokenKind.OPERATOR && sql.charAt(start) == character;
    }

    /** The current word folded to lower case the way PostgreSQL folds unquoted identifiers (ASCII only). */
    public String foldedWord() {
        char[] folded = new char[end - start];
        for (int index = 0; index < folded.length; index++) {
            folded[index] = lowerAscii(sql.charAt(start + index));
        }
        return new String(folded);
    }

    /**
     * The identifier the current token names: an unquoted word folded to lower case, a double-quoted one as written
     * with {@code ""} unescaped. Empty for anything else, including {@code U&"..."} whose escapes are not decoded.
     */
    public Optional<String> identifier() {
        if (kind == TokenKind.WORD) {
            return Optional.of(foldedWord());
        }
        if (kind == TokenKind.QUOTED_IDENTIFIER && sql.charAt(start) == '"' && !unterminatedAt(end)) {
            return Optional.of(sql.substring(start + 1, end - 1).replace("\"\"", "\""));
        }
        return Optional.empty();
    }

    /** The kind of the token after the current one. */
    public TokenKind peek() {
        ensureLookahead();
        return lookaheadKind;
    }

    /** Whether the token after the current one is the given keyword; see {@link #isWord}. */
    public boolean peekIsWord(String keyword) {
        ensureLookahead();
        return wordEquals(lookaheadKind, lookaheadStart, lookaheadEnd, keyword);
    }

    /** Whether a literal, quoted identifier or comment lexed so far ran to the end of the text without closing. */
    public boolean unterminated() {
        return unterminated;
    }

    private boolean unterminatedAt(int tokenEnd) {
        return unterminated && tokenEnd == length;
    }

    private void ensureLookahead() {
        if (!lookaheadReady) {
            lex();
            lookaheadKind = lexedKind;
            lookaheadStart = lexedStart;
            lookaheadEnd = position;
            lookaheadReady = true;
        }
    }

    private boolean wordEquals(TokenKind tokenKind, int tokenStart, int tokenEnd, String keyword) {
        if (tokenKind != TokenKind.WORD || tokenEnd - tokenStart != keyword.length()) {
            return false;
        }
        for (int index = 0; index < keyword.length(); index++) {
            if (lowerAscii(sql.charAt(tokenStart + index)) != keyword.charAt(index)) {
                return false;
            }
        }
        return true;
    }

    private void lex() {
        skipWhitespaceAndComments();
        lexedStart = position;
        if (position >= length) {
            lexedKind = TokenKind.END;
            return;
        }
        char character = sql.charAt(position);
        if (character == '\'') {
            lexedKind = TokenKind.STRING;
            position = afterQuoted(position, '\'');
        } else if (character == '"') {
            lexedKind = TokenKind.QUOTED_IDENTIFIER;
            position = afterQuoted(position, '"');
        } else if (isIdentifierStart(character)) {
            lexWordOrPrefixedLiteral(character);
        } else if (isDigit(character) || (character == '.' && isDigit(charAt(position + 1)))) {
            lexedKind = TokenKind.NUMBER;
            position = afterNumber(position);
        } else if (character == '$') {
            lexDollar();
        } else {
            lexedKind = punctuation(character);
            position++;
        }
    }

    private void skipWhitespaceAndComments() {
        while (position < length) {
            if (isWhitespace(sql.charAt(position))) {
                position++;
            } else if (startsLineComment(sql, position)) {
                position = lineCommentEnd(sql, position);
            } else if (startsBlockComment(sql, position)) {
                int commentEnd = blockCommentEnd(sql, position);
                if (commentEnd < 0) {
                    unterminated = true;
                    position = length;
                } else {
                    position = commentEnd;
                }
            } else {
                return;
            }
        }
    }

    // E'', B'', X'', N'' and U&'' are literals, not a word followed by a string; only E'' changes how to find the end.
    private void lexWordOrPrefixedLiteral(char first) {
        char next = charAt(position + 1);
        if (next == '\'') {
            if (first == 'e' || first == 'E') {
                lexedKind = TokenKind.STRING;
                position = afterEscapeString(position + 1);
                return;
            }
            if ("bBxXnN".indexOf(first) >= 0) {
                lexedKind = TokenKind.STRING;
                position = afterQuoted(position + 1, '\'');
                return;
            }
        }
        if ((first == 'u' || first == 'U') && next == '&') {
            char quote = charAt(position + 2);
            if (quote == '\'' || quote == '"') {
                lexedKind = quote == '\'' ? TokenKind.STRING : TokenKind.QUOTED_IDENTIFIER;
                position = afterQuoted(position + 2, quote);
                return;
            }
        }
        int index = position + 1;
        while (index < length && isIdentifierPart(sql.charAt(index))) {
            index++;
        }
        lexedKind = TokenKind.WORD;
        position = index;
    }

    private void lexDollar() {
        int tagEnd = dollarTagEnd(position);
        if (tagEnd > 0) {
            lexedKind = TokenKind.STRING;
            position = afterDollarBody(position, tagEnd);
        } else if (isDigit(charAt(position + 1))) {
            int index = position + 1;
            while (isDigit(charAt(index))) {
                index++;
            }
            lexedKind = TokenKind.PARAMETER;
            position = index;
        } else {
            lexedKind = TokenKind.OPERATOR;
            position++;
        }
    }

    /** After the closing quote of a literal or identifier that doubles its quote character to escape it. */
    private int afterQuoted(int openingQuote, char quote) {
        int from = openingQuote + 1;
        while (true) {
            int closing = sql.indexOf(quote, from);
            if (closing < 0) {
                unterminated = true;
                return length;
            }
            if (charAt(closing + 1) != quote) {
                return closing + 1;
            }
            from = closing + 2;
        }
    }

    private int afterEscapeString(int openingQuote) {
        int index = openingQuote + 1;
        while (index < length) {
            char character = sql.charAt(index);
            if (character == '\\') {
                index += 2;
            } else if (character == '\'') {
                if (charAt(index + 1) != '\'') {
                    return index + 1;
                }
                index += 2;
            } else {
                index++;
            }
        }
        unterminated = true;
        return length;
    }

    /** After the {@code $tag$} starting at {@code dollar}, or -1 when no dollar quote starts there. */
    private int dollarTagEnd(int dollar) {
        int index = dollar + 1;
        if (charAt(index) == '$') {
            return index + 1;
        }
        if (index >= length || !isTagStart(sql.charAt(index))) {
            return -1;
        }
        index++;
        while (index < length && isTagPart(sql.charAt(index))) {
            index++;
        }
        return charAt(index) == '$' ? index + 1 : -1;
    }

    private int afterDollarBody(int tagStart, int tagEnd) {
        int tagLength = tagEnd - tagStart;
        int from = tagEnd;
        while (true) {
            int candidate = sql.indexOf('$', from);
            if (candidate < 0) {
                unterminated = true;
                return length;
            }
            if (sql.regionMatches(candidate, sql, tagStart, tagLength)) {
                return candidate + tagLength;
            }
            from = candidate + 1;
        }
    }

    // Digits, an optional fraction and exponent, or 0x/0o/0b with PostgreSQL 16's underscores. Stops before letters so
    // that "1into" lexes as a number and a word, the way older servers read it.
    private int afterNumber(int first) {
        int index = first;
        if (sql.charAt(index) == '0' && "xXoObB".indexOf(charAt(index + 1)) >= 0 && isHexDigit(charAt(index + 2))) {
            index += 2;
            while (isHexDigit(charAt(index)) || charAt(index) == '_') {
                index++;
            }
            return index;
        }
        index = afterDigits(index);
        if (charAt(index) == '.' && charAt(index + 1) != '.') {
            index = afterDigits(index + 1);
        }
        char exponent = charAt(index);
        char sign = charAt(index + 1);
        if ((exponent == 'e' || exponent == 'E')
                && (isDigit(sign) || ((sign == '+' || sign == '-') && isDigit(charAt(index + 2))))) {
            index = afterDigits(index + 2);
        }
        return index;
    }

    private int afterDigits(int from) {
        int index = from;
        while (isDigit(charAt(index)) || charAt(index) == '_') {
            index++;
        }
        return index;
    }

    private char charAt(int index) {
        return index < length ? sql.charAt(index) : '\0';
    }

    // Most statements carry no comment, so the list is made only for the first one.
    private static List<String> added(List<String> comments, String comment) {
        List<String> list = comments == null ? new ArrayList<>() : comments;
        list.add(comment);
        return list;
    }

    private static boolean startsLineComment(String sql, int index) {
        return sql.charAt(index) == '-' && index + 1 < sql.length() && sql.charAt(index + 1) == '-';
    }

    private static boolean startsBlockComment(String sql, int index) {
        return sql.charAt(index) == '/' && index + 1 < sql.length() && sql.charAt(index + 1) == '*';
    }

    private static int lineCommentEnd(String sql, int start) {
        int index = start + 2;
        while (index < sql.length() && sql.charAt(index) != '\n' && sql.charAt(index) != '\r') {
            index++;
        }
        return index;
    }

    /** After the {@code *}{@code /} closing the (nestable) comment at {@code start}, or -1 when it never closes. */
    private static int blockCommentEnd(String sql, int start) {
        int depth = 1;
        int index = start + 2;
        while (index + 1 < sql.length()) {
            char character = sql.charAt(index);
            char next = sql.charAt(index + 1);
            if (character == '*' && next == '/') {
                index += 2;
                if (--depth == 0) {
                    return index;
                }
            } else if (character == '/' && next == '*') {
                depth++;
                index += 2;
            } else {
                index++;
            }
        }
        return -1;
    }

    private static TokenKind punctuation(char character) {
        return switch (character) {
            case ';' -> TokenKind.SEMICOLON;
            case '(' -> TokenKind.LEFT_PARENTHESIS;
            case ')' -> TokenKind.RIGHT_PARENTHESIS;
            case '.' -> TokenKind.DOT;
            case ',' -> TokenKind.COMMA;
            default -> TokenKind.OPERATOR;
        };
    }

    private static boolean isWhitespace(char character) {
        return character == ' '
                || character == '\t'
                || character == '\n'
                || character == '\r'
                || character == '\f'
                || character == '\u000B';
    }

    // PostgreSQL treats every non-ASCII byte as a letter; every non-ASCII UTF-16 unit stands in for those bytes here.
    private static boolean isIdentifierStart(char character) {
        return isAsciiLetter(character) || character == '_' || character >= 0x80;
    }

    private static boolean isIdentifierPart(char character) {
        return isIdentifierStart(character) || isDigit(character) || character == '$';
    }

    private static boolean isTagStart(char character) {
        return isIdentifierStart(character);
    }

    private static boolean isTagPart(char character) {
        return isIdentifierStart(character) || isDigit(character);
    }

    private static boolean isAsciiLetter(char character) {
        return (character >= 'a' && character <= 'z') || (character >= 'A' && character <= 'Z');
    }

    private static boolean isDigit(char character) {
        return character >= '0' && character <= '9';
    }

    private static boolean isHexDigit(char character) {
        return isDigit(character) || (character >= 'a' && character <= 'f') || (character >= 'A' && character <= 'F');
    }

    static char lowerAscii(char character) {
        return character >= 'A' && character <= 'Z' ? (char) (character + ('a' - 'A')) : character;
    }
}
