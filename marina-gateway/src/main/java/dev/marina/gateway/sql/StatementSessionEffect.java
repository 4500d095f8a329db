package dev.marina.gateway.sql;

import java.util.List;
import java.util.Optional;

/**
 * The session effect of one statement: see {@link SessionEffects} for the rules. Reads the statement's leading keywords,
 * then scans the rest for calls to functions that keep session state and for temporary objects.
 */
final class StatementSessionEffect {

    // Session-level advisory locks outlive the transaction; the _xact_ variants do not. dblink_connect keeps a named
    // connection and setseed a random sequence in the session.
    static final List<String> PINNING_FUNCTIONS = List.of(
            "set_config",
            "pg_advisory_lock",
            "pg_advisory_lock_shared",
            "pg_try_advisory_lock",
            "pg_try_advisory_lock_shared",
            "dblink_connect",
            "dblink_connect_u",
            "setseed");

    /** The first words of statements that have an effect of their own, whatever follows: see {@link #read()}. */
    static final List<String> LEADING_WORDS =
            List.of("set", "reset", "listen", "load", "prepare", "declare", "deallocate", "discard", "unlisten");

    private static final SessionEffect SET = new SessionEffect.Pin("SET");
    private static final SessionEffect RESET = new SessionEffect.Pin("RESET");
    private static final SessionEffect LISTEN = new SessionEffect.Pin("LISTEN");
    private static final SessionEffect LOAD = new SessionEffect.Pin("LOAD");
    private static final SessionEffect PREPARE = new SessionEffect.Pin("PREPARE");
    private static final SessionEffect HELD_CURSOR = new SessionEffect.Pin("DECLARE ... WITH HOLD");
    private static final SessionEffect TEMPORARY_OBJECT = new SessionEffect.Pin("temporary object");
    private static final SessionEffect UNREADABLE_DEALLOCATE = new SessionEffect.Pin("DEALLOCATE without a plain name");

    private final SqlLexer lexer;

    private StatementSessionEffect(SqlLexer lexer) {
        this.lexer = lexer;
    }

    /** The effect of the statement at the lexer's current token. Moves the lexer somewhere inside the statement. */
    static SessionEffect of(SqlLexer lexer) {
        return new StatementSessionEffect(lexer).read();
    }

    private SessionEffect read() {
        if (lexer.isWord("set")) {
            // SET LOCAL and SET TRANSACTION last until the transaction ends; SET CONSTRAINTS too.
            if (!(lexer.peekIsWord("local") || lexer.peekIsWord("transaction") || lexer.peekIsWord("constraints"))) {
                return SET;
            }
        } else if (lexer.isWord("reset")) {
            return RESET;
        } else if (lexer.isWord("listen")) {
            return LISTEN;
        } else if (lexer.isWord("load")) {
            return LOAD;
        } else if (lexer.isWord("prepare")) {
            if (!lexer.peekIsWord("transaction")) {
                return PREPARE;
            }
        } else if (lexer.isWord("declare")) {
            if (holdsCursor()) {
                return HELD_CURSOR;
            }
        } else if (lexer.isWord("deallocate")) {
            return deallocate();
        } else if (lexer.isWord("discard")) {
            return lexer.advance() && lexer.isWord("all") && atEndAfterThis()
                    ? SessionEffect.DISCARD_ALL
                    : SessionEffect.NONE;
        } else if (lexer.isWord("unlisten")) {
            return lexer.advance() && lexer.isOperator('*') && atEndAfterThis()
                    ? SessionEffect.UNLISTEN_ALL
                    : SessionEffect.NONE;
        }
        return scanRest();
    }

    /** DECLARE name [BINARY] [ASENSITIVE | INSENSITIVE] [[NO] SCROLL] CURSOR [WITH | WITHOUT HOLD] FOR query. */
    private boolean holdsCursor() {
        while (!lexer.atStatementEnd() && !lexer.isWord("cursor")) {
            lexer.advance();
        }
        return lexer.isWord("cursor") && lexer.peekIsWord("with") && lexer.advance() && lexer.peekIsWord("hold");
    }

    // PREPARE and ALL are keywords after DEALLOCATE, but "DEALLOCATE prepare" names a statement called prepare.
    private SessionEffect deallocate() {
        lexer.advance();
        if (lexer.isWord("prepare") && isName(lexer.peek())) {
            lexer.advance();
        }
        if (lexer.isWord("all")) {
            return atEndAfterThis() ? SessionEffect.DEALLOCATE_ALL : UNREADABLE_DEALLOCATE;
        }
        Optional<String> name = lexer.identifier();
        if (name.isEmpty() || !atEndAfterThis()) {
            return UNREADABLE_DEALLOCATE;
        }
        return new SessionEffect.Deallocate(name.get());
    }

    private SessionEffect scanRest() {
        boolean temporary = false;
        boolean dropsOnCommit = false;
        boolean previousWasInsertOrMerge = false;
        for (; !lexer.atStatementEnd(); lexer.advance()) {
            if (lexer.peek() == TokenKind.LEFT_PARENTHESIS) {
                Optional<SessionEffect> pin = pinningCall();
                if (pin.isPresent()) {
                    return pin.get();
                }
            }
            if (lexer.isWord("pg_temp") || lexer.isQuotedIdentifier("pg_temp")) {
                return TEMPORARY_OBJECT;
            }
            if (lexer.isWord("create")) {
                temporary |= skipModifiersBeforeTemporary("or", "replace");
            } else if (lexer.isWord("into") && !previousWasInsertOrMerge) {
                temporary |= skipModifiersBeforeTemporary("global", "local");
            } else if (lexer.isWord("on") && lexer.peekIsWord("commit")) {
                lexer.advance();
                dropsOnCommit |= lexer.peekIsWord("drop");
            }
            previousWasInsertOrMerge = lexer.isWord("insert") || lexer.isWord("merge");
        }
        // ON COMMIT DROP: gone when the transaction ends, or at once outside one.
        return temporary && !dropsOnCommit ? TEMPORARY_OBJECT : SessionEffect.NONE;
    }

    private Optional<SessionEffect> pinningCall() {
        for (String function : PINNING_FUNCTIONS) {
            if (lexer.isWord(function) || lexer.isQuotedIdentifier(function)) {
                return Optional.of(new SessionEffect.Pin(function));
            }
        }
        return Optional.empty();
    }

    /**
     * Whether TEMP or TEMPORARY follows, after any of the given modifiers and GLOBAL or LOCAL (CREATE OR REPLACE TEMP
     * VIEW, CREATE GLOBAL TEMPORARY TABLE, SELECT INTO TEMP). Moves past the modifiers only.
     */
    private boolean skipModifiersBeforeTemporary(String first, String second) {
        while (lexer.peekIsWord(first)
                || lexer.peekIsWord(second)
                || lexer.peekIsWord("global")
                || lexer.peekIsWord("local")) {
            lexer.advance();
        }
        return lexer.peekIsWord("temp") || lexer.peekIsWord("temporary");
    }

    /** Whether the current token is the statement's last: only a {@code ;} or the end of the text follows. */
    private boolean atEndAfterThis() {
        TokenKind next = lexer.peek();
        return next == TokenKind.SEMICOLON || next == TokenKind.END;
    }

    private static boolean isName(TokenKind kind) {
        return kind == TokenKind.WORD || kind == TokenKind.QUOTED_IDENTIFIER;
    }
}
