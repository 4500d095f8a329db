package dev.marina.gateway.sql;

/** What a {@link SqlLexer} token is. Literals and comments never surface as words, so keywords inside them are inert. */
public enum TokenKind {
    /** A keyword or unquoted identifier; compare with {@link SqlLexer#isWord}. */
    WORD,
    /** A double-quoted identifier, {@code U&"..."} included. */
    QUOTED_IDENTIFIER,
    /** Any string literal: plain, with an E, B, X, N or U&amp; prefix, or dollar-quoted. */
    STRING,
    NUMBER,
    /** A positional parameter such as {@code $1}. */
    PARAMETER,
    SEMICOLON,
    LEFT_PARENTHESIS,
    RIGHT_PARENTHESIS,
    DOT,
    COMMA,
    /** Any other single character: operator characters, brackets, colons. */
    OPERATOR,
    /** The text is exhausted. */
    END
}
