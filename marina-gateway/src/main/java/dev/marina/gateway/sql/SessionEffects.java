package dev.marina.gateway.sql;

import static java.util.Objects.requireNonNull;

/**
 * Tells whether SQL text leaves session state that a transaction-pooling gateway cannot carry to another server
 * connection, so the client must be pinned to the one it has.
 *
 * <p>Pins: {@code SET} and {@code SET SESSION} (not {@code SET LOCAL}, {@code SET TRANSACTION} or {@code SET
 * CONSTRAINTS}, which end with the transaction), {@code RESET}, {@code LISTEN}, {@code LOAD}, SQL-level {@code PREPARE
 * name AS ...} (not {@code PREPARE TRANSACTION}), {@code DECLARE ... CURSOR WITH HOLD}, any call of {@code set_config}
 * (whatever its third argument), session-level advisory locks ({@code pg_advisory_lock}, {@code
 * pg_advisory_lock_shared}, {@code pg_try_advisory_lock*}, but not the {@code _xact_} variants), {@code
 * dblink_connect} and {@code setseed}, and temporary objects ({@code CREATE TEMP TABLE|VIEW|SEQUENCE ...} unless
 * {@code ON COMMIT DROP}, {@code SELECT ... INTO TEMP}, anything naming {@code pg_temp}).
 *
 * <p>Safety over pooling: anything uncertain pins, namely text that does not lex cleanly (an unterminated literal or
 * comment), a {@code DEALLOCATE} whose name cannot be read, and {@code DEALLOCATE} or {@code DISCARD ALL} among other
 * statements (the gateway could not keep its record of prepared statements true). Effects hidden inside functions,
 * procedures and {@code DO} blocks are out of sight. Like {@link SqlLexer}, this assumes {@code
 * standard_conforming_strings} is on.
 *
 * <p>Facts that are not pins, reported only when the text is that single statement: {@code DISCARD ALL}, {@code
 * DEALLOCATE [PREPARE] name}, {@code DEALLOCATE [PREPARE] ALL} and {@code UNLISTEN *}. A text pins when any of its
 * statements pins.
 */
public final class SessionEffects {

    private static final SessionEffect UNTERMINATED = new SessionEffect.Pin("unterminated literal or comment");
    private static final SessionEffect TRACKED_AMONG_OTHERS =
            new SessionEffect.Pin("DEALLOCATE or DISCARD ALL among other statements");

    private SessionEffects() {}

    /**
     * True when the first {@code length} bytes of {@code utf8} certainly have no session effect, told without decoding
     * or lexing them: {@link #of} would answer {@link SessionEffect#NONE}. False means only that the text must be read
     * with {@link #of}.
     */
    public static boolean certainlyNone(byte[] utf8, int length) {
        requireNonNull(utf8, "utf8 is null");
        return PlainStatement.is(utf8, length);
    }

    public static SessionEffect of(String sql) {
        requireNonNull(sql, "sql is null");
        if (PlainStatement.is(sql)) {
            return SessionEffect.NONE;
        }
        SqlLexer lexer = new SqlLexer(sql);
        SessionEffect last = SessionEffect.NONE;
        int statements = 0;
        boolean tracked = false;
        while (lexer.kind() != TokenKind.END) {
            if (lexer.kind() == TokenKind.SEMICOLON) {
                lexer.advance();
                continue;
            }
            SessionEffect effect = StatementSessionEffect.of(lexer);
            if (effect.pins()) {
                return effect;
            }
            statements++;
            last = effect;
            tracked |= effect instanceof SessionEffect.Deallocate
                    || effect instanceof SessionEffect.DeallocateAll
                    || effect instanceof SessionEffect.DiscardAll;
            lexer.skipToStatementEnd();
        }
        if (lexer.unterminated()) {
            return UNTERMINATED;
        }
        if (statements > 1) {
            return tracked ? TRACKED_AMONG_OTHERS : SessionEffect.NONE;
        }
        return last;
    }
}
