package dev.marina.gateway.sql;

import java.util.Arrays;

/**
 * Decides whether one query ({@code SELECT}, {@code WITH}, {@code VALUES}, {@code TABLE}, or one of those in
 * parentheses) provably only reads, in a single pass over its tokens. It does not: with a data-modifying keyword anywhere
 * ({@code INSERT}, {@code UPDATE}, {@code DELETE}, {@code MERGE}, also inside a {@code WITH} clause), with {@code INTO}
 * (SELECT INTO creates a table), with a row lock ({@code FOR UPDATE}, {@code FOR SHARE}, {@code FOR NO KEY UPDATE},
 * {@code FOR KEY SHARE}), or with a call to anything but a {@link SideEffectFreeFunctions side-effect-free function}.
 *
 * <p>Some parenthesised names are not calls, and reading them as calls would only send reads to the primary, except
 * where noted: a column list after {@code AS} ({@code AS t(a, b)}) or after a closing parenthesis ({@code
 * generate_series(1, 3) g(i)}, but not after {@code DISTINCT ON (...)}, where a select-list call may follow), and the
 * column list of a common table expression ({@code WITH t(a) AS (...)}), which may hold only names.
 */
final class ReadOnlyQuery {

    private enum CommonTableExpression {
        NONE,
        EXPECTING_NAME,
        AFTER_NAME,
        AFTER_AS,
        AFTER_BODY
    }

    // What opened each parenthesis still open, innermost last.
    private static final byte OPENED_BY_OTHER = 0;
    private static final byte OPENED_BY_COMMON_TABLE_BODY = 1;
    private static final byte OPENED_BY_DISTINCT_ON = 2;

    private final SqlLexer lexer;
    private byte[] openers = new byte[8];
    private int depth;
    private CommonTableExpression commonTable = CommonTableExpression.NONE;

    private boolean previousWasAs;
    private boolean previousWasDot;
    private boolean previousWasPgCatalog;
    private boolean previousWasDistinct;
    private boolean previousWasDistinctOn;
    private boolean previousClosedBeforeAlias;
    private boolean qualifiedByPgCatalog;

    private ReadOnlyQuery(SqlLexer lexer) {
        this.lexer = lexer;
    }

    /**
     * Whether the query starting at the lexer's current token only reads. Leaves the lexer at the statement's end when
     * it does; anywhere inside it when it does not.
     */
    static boolean readsOnly(SqlLexer lexer) {
        return new ReadOnlyQuery(lexer).scan();
    }

    private boolean scan() {
        while (!lexer.atStatementEnd()) {
            if (!accept()) {
                return false;
            }
            remember();
            lexer.advance();
        }
        return true;
    }

    private boolean accept() {
        boolean closedBeforeAlias = false;
        boolean accepted = switch (lexer.kind()) {
            case WORD -> word();
            case QUOTED_IDENTIFIER -> quotedIdentifier();
            case LEFT_PARENTHESIS -> {
                open();
                yield true;
            }
            case RIGHT_PARENTHESIS -> {
                closedBeforeAlias = close();
                yield true;
            }
            case COMMA -> {
                commonTable = commonTable == CommonTableExpression.AFTER_BODY
                        ? CommonTableExpression.EXPECTING_NAME
                        : CommonTableExpression.NONE;
                yield true;
            }
            default -> {
                commonTable = CommonTableExpression.NONE;
                yield true;
            }
        };
        previousClosedBeforeAlias = closedBeforeAlias;
        return accepted;
    }

    private boolean word() {
        switch (commonTable) {
            case EXPECTING_NAME -> {
                if (lexer.isWord("recursive") && isName(lexer.peek())) {
                    return true;
                }
                return commonTableName();
            }
            case AFTER_NAME -> {
                if (lexer.isWord("as")) {
                    commonTable = CommonTableExpression.AFTER_AS;
                    return true;
                }
            }
            case AFTER_AS -> {
                if (lexer.isWord("not") || lexer.isWord("materialized")) {
                    return true;
                }
            }
            default -> {}
        }
        commonTable = CommonTableExpression.NONE;
        if (lexer.isWord("with")) {
            commonTable = CommonTableExpression.EXPECTING_NAME;
            return true;
        }
        if (writes()) {
            return false;
        }
        return lexer.peek() != TokenKind.LEFT_PARENTHESIS || callAllowed();
    }

    private boolean quotedIdentifier() {
        if (commonTable == CommonTableExpression.EXPECTING_NAME) {
            return commonTableName();
        }
        commonTable = CommonTableExpression.NONE;
        // A quoted name is never taken for a side-effect-free function: its case is not folded and it is rare.
        return lexer.peek() != TokenKind.LEFT_PARENTHESIS || previousWasAs || previousClosedBeforeAlias;
    }

    private boolean writes() {
        return lexer.isWord("insert")
                || lexer.isWord("update")
                || lexer.isWord("delete")
                || lexer.isWord("merge")
                || lexer.isWord("into")
                || (lexer.isWord("for")
                        && (lexer.peekIsWord("update")
                                || lexer.peekIsWord("share")
                                || lexer.peekIsWord("no")
                                || lexer.peekIsWord("key")));
    }

    private boolean callAllowed() {
        if (previousWasAs || previousClosedBeforeAlias) {
            return true;
        }
        String name = lexer.foldedWord();
        if (previousWasDot) {
            return qualifiedByPgCatalog && SideEffectFreeFunctions.contains(name);
        }
        return ParenthesizedKeywords.contains(name) || SideEffectFreeFunctions.contains(name);
    }

    /** A common table expression's name, with its column list when one follows; false when the list holds more. */
    private boolean commonTableName() {
        commonTable = CommonTableExpression.AFTER_NAME;
        if (lexer.peek() != TokenKind.LEFT_PARENTHESIS) {
            return true;
        }
        lexer.advance();
        while (true) {
            lexer.advance();
            switch (lexer.kind()) {
                case WORD, QUOTED_IDENTIFIER, COMMA -> {}
                case RIGHT_PARENTHESIS -> {
                    return true;
                }
                default -> {
                    return false;
                }
            }
        }
    }

    private void open() {
        byte opener = OPENED_BY_OTHER;
        if (commonTable == CommonTableExpression.AFTER_AS) {
            opener = OPENED_BY_COMMON_TABLE_BODY;
        } else if (previousWasDistinctOn) {
            opener = OPENED_BY_DISTINCT_ON;
        }
        commonTable = CommonTableExpression.NONE;
        if (depth == openers.length) {
            openers = Arrays.copyOf(openers, depth * 2);
        }
        openers[depth++] = opener;
    }

    /** Closes a parenthesis; true when a column alias list may follow it. */
    private boolean close() {
        commonTable = CommonTableExpression.NONE;
        if (depth == 0) {
            return false;
        }
        byte opener = openers[--depth];
        if (opener == OPENED_BY_COMMON_TABLE_BODY) {
            commonTable = CommonTableExpression.AFTER_BODY;
        }
        return opener != OPENED_BY_DISTINCT_ON;
    }

    private void remember() {
        boolean pgCatalog = lexer.isWord("pg_catalog") || lexer.isQuotedIdentifier("pg_catalog");
        qualifiedByPgCatalog = lexer.kind() == TokenKind.DOT && previousWasPgCatalog;
        previousWasPgCatalog = pgCatalog;
        previousWasDistinctOn = previousWasDistinct && lexer.isWord("on");
        previousWasDistinct = lexer.isWord("distinct");
        previousWasAs = lexer.isWord("as");
        previousWasDot = lexer.kind() == TokenKind.DOT;
    }

    private static boolean isName(TokenKind kind) {
        return kind == TokenKind.WORD || kind == TokenKind.QUOTED_IDENTIFIER;
    }
}
