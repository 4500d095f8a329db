package dev.marina.gateway.sql;

import static java.util.Objects.requireNonNull;

/**
 * Decides where the gateway may run a simple Query's or a Parse message's SQL, and what it does to transaction state.
 *
 * <p>Safety over routing: {@link Route#READ} only when the text is provably read-only, and {@link Route#WRITE} for
 * anything uncertain: an unknown statement or function, more than one statement, text that does not lex cleanly
 * (an unterminated literal or comment), or empty text. A statement is read-only when the text holds exactly that one
 * statement (a trailing {@code ;} allowed) and it is {@code SHOW}, {@code EXPLAIN} without {@code ANALYZE}, {@code
 * EXPLAIN ANALYZE} of a read-only query, {@code BEGIN}/{@code START TRANSACTION ... READ ONLY}, or a query that
 * {@link ReadOnlyQuery} proves only reads.
 *
 * <p>An application may override the route with a hint in a leading comment ({@code /* marina:replica *}{@code /},
 * {@code -- marina:primary}); see {@link RoutingHint}. Hints do not change the transaction-control fact.
 *
 * <p>Only the text is read: the allow-list of {@link SideEffectFreeFunctions} assumes its names resolve to {@code
 * pg_catalog}, and a function reached indirectly (through a view, a user-defined operator or cast) is out of sight. A
 * replica refuses such a write with an error; it cannot run it. Like {@link SqlLexer}, this assumes {@code
 * standard_conforming_strings} is on.
 */
public final class StatementClassifier {

    private static final Classification WRITE = new Classification(Route.WRITE, TransactionControl.NONE);

    private StatementClassifier() {}

    public static Classification classify(String sql) {
        requireNonNull(sql, "sql is null");
        SqlLexer lexer = new SqlLexer(sql);
        if (lexer.kind() == TokenKind.END) {
            return WRITE;
        }
        Classification unhinted = classifyStatements(lexer);
        return RoutingHint.in(sql)
                .map(route -> new Classification(route, unhinted.transactionControl()))
                .orElse(unhinted);
    }

    private static Classification classifyStatements(SqlLexer lexer) {
        Route route = Route.READ;
        TransactionControl transaction = TransactionControl.NONE;
        if (startsQuery(lexer)) {
            if (!ReadOnlyQuery.readsOnly(lexer)) {
                return WRITE;
            }
        } else if (lexer.isWord("explain")) {
            if (!explainReadsOnly(lexer)) {
                return WRITE;
            }
        } else if (!lexer.isWord("show")) {
            transaction = TransactionStatements.parse(lexer);
            if (transaction == TransactionControl.NONE) {
                return WRITE;
            }
            route = transaction == TransactionControl.BEGIN_READ_ONLY ? Route.READ : Route.WRITE;
        }
        return onlyStatement(lexer) ? new Classification(route, transaction) : WRITE;
    }

    private static boolean startsQuery(SqlLexer lexer) {
        return lexer.kind() == TokenKind.LEFT_PARENTHESIS
                || lexer.isWord("select")
                || lexer.isWord("with")
                || lexer.isWord("values")
                || lexer.isWord("table");
    }

    // Plain EXPLAIN plans without executing, so even EXPLAIN DELETE only reads; ANALYZE executes the statement.
    private static boolean explainReadsOnly(SqlLexer lexer) {
        lexer.advance();
        boolean analyze = false;
        if (lexer.kind() == TokenKind.LEFT_PARENTHESIS) {
            int depth = 0;
            do {
                analyze |= isAnalyze(lexer);
                if (lexer.kind() == TokenKind.LEFT_PARENTHESIS) {
                    depth++;
                } else if (lexer.kind() == TokenKind.RIGHT_PARENTHESIS) {
                    depth--;
                }
                lexer.advance();
            } while (depth > 0 && !lexer.atStatementEnd());
        } else {
            while (isAnalyze(lexer) || lexer.isWord("verbose")) {
                analyze |= isAnalyze(lexer);
                lexer.advance();
            }
        }
        return !analyze || (startsQuery(lexer) && ReadOnlyQuery.readsOnly(lexer));
    }

    private static boolean isAnalyze(SqlLexer lexer) {
        return lexer.isWord("analyze") || lexer.isWord("analyse");
    }

    /** Whether nothing but a {@code ;}, whitespace and comments follows the current statement, all of it lexed cleanly. */
    private static boolean onlyStatement(SqlLexer lexer) {
        lexer.skipToStatementEnd();
        if (lexer.kind() == TokenKind.SEMICOLON) {
            lexer.advance();
        }
        return lexer.kind() == TokenKind.END && !lexer.unterminated();
    }
}
