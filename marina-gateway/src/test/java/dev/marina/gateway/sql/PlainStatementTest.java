package dev.marina.gateway.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link PlainStatement} answers "no session effect" without lexing, so {@link SessionEffects} never checks it. Its
 * promise, tested here against the lexer-based analysis it short-cuts: a text it calls plain is one statement in which
 * the lexer finds no effect at all.
 */
class PlainStatementTest {

    /** Rerun the property test with another seed: {@code -DplainStatementSeed=...}. */
    private static final long SEED = Long.getLong("plainStatementSeed", 0x5EED_7A11L);

    private static final int TEXTS = 300_000;

    // The fragments are separated by |, which none of them contains.

    /** What a text starts with: common statements, the effect statements in any case, and words they begin. */
    private static final List<String> FIRST_WORDS = fragments("select|SELECT|update|Insert|with|begin|END|create|CREATE"
            + "|delete|values|table|explain|set|SET|Set|sEt|reset|RESET|listen|Listen|discard|DISCARD|load|prepare"
            + "|PREPARE|declare|deallocate|unlisten|settings|sets|set_|resets|listener|loader|temp|Temp|pg_temp|setseed"
            + "|set_config|pg_advisory_lock|x|se|s");

    /**
     * Fragments that leave a text plain by themselves, among them pieces of pinning words that may join into one, the
     * transaction-scoped advisory locks, the words the lexer path looks for around TEMP, numbers and parameters.
     */
    private static final List<String> HARMLESS = fragments("a|B|t|T|x1|_|id|from|where|into|INTO|insert|merge|on"
            + "|commit|drop|global|local|table|view|or|replace|create|as|cursor|with|hold|transaction|all"
            + "|1|42|0x1F|1e5|.5|(|)|,|.|*|=|+|-|/|::|<>|[|]|$1|$2|$12|$1$"
            + "|pg_advisory_xact_lock|pg_try_advisory_xact_lock|pg_advisory_unlock|settings"
            + "|te|mp|tem|p|pg_|advisory_|lock|try_|_shared|set|_config|seed|dblink_|connect|_u|pg|xact_|s|d|P|D|S");

    /**
     * Fragments the fast path must decline or the lexer reads specially: semicolons, pinning words in several cases,
     * effect statements after the first word, quotes and prefixed literals, comments, dollar quotes, non-ASCII letters
     * (some of which upper- or lower-case to ASCII ones), whitespace and control characters.
     */
    private static final List<String> RISKY = fragments(";|;|; |temp|TEMP|Temp|tEmP|temporary|TEMPORARY|pg_temp|PG_TEMP"
            + "|set_config|SET_CONFIG|pg_advisory_lock|PG_ADVISORY_LOCK|Pg_Advisory_Lock_Shared|pg_try_advisory_lock"
            + "|pg_try_advisory_lock_shared|dblink_connect|DBLINK_CONNECT_U|setseed|SetSeed"
            + "|SET|set|LISTEN|listen|DISCARD|discard|RESET|reset|LOAD|PREPARE|DECLARE|DEALLOCATE|UNLISTEN"
            + "|'|''|'a'|\"|\"pg_temp\"|\"set_config\"|e'|E'\\'|U&'|u&\"|\\"
            + "|--|-- c\n|/*|*/|/* c */|$|$$|$tag$|$a$|$_$|$1|$$$"
            + "|\u00e9|\u00c9|\u00df|\u017f|\u212a|\u0131|\u0130|\u00a0|\u65e5|\uD83D\uDE00"
            + "|\u000B|\f|\r|\t|\n|\0");

    private static final List<String> SPACES = fragments(" | | |  |\t|\n|\r\n|\f|\u000B");

    /** Per text, so that many texts hold no risky fragment at all and some hold many. */
    private static final int[] RISK_PERCENTS = {0, 0, 2, 5, 15, 40};

    @ParameterizedTest
    @ValueSource(
            strings = {
                // pgbench's TPC-B-like script, extended protocol and simple protocol (with values in place).
                "BEGIN;",
                "UPDATE pgbench_accounts SET abalance = abalance + $1 WHERE aid = $2;",
                "SELECT abalance FROM pgbench_accounts WHERE aid = $1;",
                "UPDATE pgbench_tellers SET tbalance = tbalance + $1 WHERE tid = $2;",
                "UPDATE pgbench_branches SET bbalance = bbalance + $1 WHERE bid = $2;",
                "INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) VALUES ($1, $2, $3, $4, CURRENT_TIMESTAMP);",
                "END;",
                "UPDATE pgbench_accounts SET abalance = abalance + -4034 WHERE aid = 34983;",
                "SELECT abalance FROM pgbench_accounts WHERE aid = 34983;",
                "INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) VALUES (7, 1, 34983, -4034, CURRENT_TIMESTAMP);",
                "END",
                // Pinning words only as parts of other words, or the transaction-scoped variants.
                "select 1",
                "SELECT setting FROM pg_settings WHERE name = $1",
                "update t set a = 1",
                "select pg_advisory_xact_lock(1)",
                "SELECT PG_TRY_ADVISORY_XACT_LOCK_SHARED($1)",
                "select pg_advisory_unlock(1)",
                "SELECT a$1, b FROM t",
                "select * from t where a = $1 and b = $12",
                "select a - b / c * d from t",
                "select x::int[] from t",
                "  \t\r\n\fselect 1",
                "select 1 ;  ; ",
                "Select Count(*) From Orders Where Customer_Id = $1",
            })
    void callsPlainWhatTheLexerFindsToBeOneStatementWithoutEffect(String sql) {
        assertThat(PlainStatement.is(sql)).isTrue();

        Lexed lexed = lexed(sql);
        assertThat(lexed.effect()).isEqualTo(SessionEffect.NONE);
        assertThat(lexed.statements()).isEqualTo(1);
    }

    /**
     * Some of these the lexer then finds harmless ({@code SET LOCAL}, a table named temp, a comment, a backslash
     * operator, non-ASCII): the fast path only has to be right when it says plain, and stays simple by declining more.
     */
    @ParameterizedTest
    @ValueSource(
            strings = {
                // Statements with an effect of their own, in any case and after any leading whitespace.
                "SET x=1",
                "set x = 1",
                "Set x=1",
                "  SET x=1",
                "\n\tset x=1",
                "SET LOCAL x = 1",
                "RESET ALL",
                "reset x",
                "LISTEN ch",
                "listen ch",
                "Discard All",
                "DISCARD PLANS",
                "load x",
                "PREPARE q AS SELECT 1",
                "DECLARE c CURSOR WITH HOLD FOR SELECT 1",
                "DEALLOCATE q",
                "UNLISTEN ch",
                // Pinning functions and temporary objects anywhere, in any case.
                "select pg_advisory_lock(1)",
                "SELECT PG_ADVISORY_LOCK(1)",
                "select Pg_Try_Advisory_Lock_Shared(1)",
                "select pg_catalog.pg_advisory_lock_shared(1)",
                "SELECT SET_CONFIG(a, b, c)",
                "select setseed(0.5)",
                "select dblink_connect_u(x)",
                "create temp table t()",
                "CREATE TEMPORARY TABLE t (a int)",
                "CREATE GLOBAL TEMP TABLE t (a int)",
                "CREATE TABLE pg_temp.t (a int)",
                "select * into temp t from u",
                "select * INTO TEMPORARY t from u",
                "CREATE TABLE temp (a int)",
                // More than one statement.
                "select 1; select 2",
                "select 1;select 2",
                "select 1; set x = 1",
                // Quotes, escapes, comments and dollar quotes, which could hide a word or a semicolon.
                "select 'a'",
                "select 'a; set x = 1'",
                "select \"a\" from t",
                "select e'\\n'",
                "select \\x",
                "select 1 -- c",
                "select 1 /* c */",
                "-- c\nselect 1",
                "/* c */ select 1",
                "select $$a$$",
                "select $tag$a$tag$",
                "select $_$a$_$",
                "select $",
                "select a$b from t",
                "select $1$a$",
                // Text the lexer reads differently from ASCII, or that starts with no word.
                "select é",
                "select \u00e4 from t",
                "SELECT\u00a01",
                "select \uD83D\uDE00",
                "\u000Bselect 1",
                "",
                "   ",
                ";",
                "1",
                "(select 1)",
                "_x",
            })
    void leavesTheRestToTheLexer(String sql) {
        assertThat(PlainStatement.is(sql)).isFalse();
    }

    /**
     * Random texts made of the fragments where the fast path and the lexer could part ways: pinning words whole, split
     * and in mixed case, the transaction-scoped look-alikes, quotes, comments, dollar quotes and parameters,
     * semicolons, whitespace the lexer knows and the fast path does not, and non-ASCII. Fragments are joined with and
     * without spaces, so words also form across fragments.
     */
    @Test
    void everyTextCalledPlainIsOneStatementTheLexerFindsWithoutEffect() {
        Random random = new Random(SEED);
        int plain = 0;
        int pinned = 0;
        for (int attempt = 0; attempt < TEXTS; attempt++) {
            String sql = randomText(random);
            Lexed lexed = lexed(sql);
            if (!PlainStatement.is(sql)) {
                // SessionEffects takes the lexer path here: the copy below must agree with it.
                SessionEffect effect = SessionEffects.of(sql);
                if (effect.pins() != lexed.effect().pins() || (!effect.pins() && !effect.equals(lexed.effect()))) {
                    fail(
                            "the test's copy of the lexer-based analysis found %s where SessionEffects found %s (seed %d,"
                                    + " text %d): %s",
                            lexed.effect(), effect, SEED, attempt, escaped(sql));
                }
                pinned += effect.pins() ? 1 : 0;
                continue;
            }
            plain++;
            if (!lexed.effect().equals(SessionEffect.NONE) || lexed.statements() != 1) {
                fail(
                        "PlainStatement called plain what the lexer reads as %d statement(s) with effect %s (seed %d,"
                                + " text %d): %s",
                        lexed.statements(), lexed.effect(), SEED, attempt, escaped(sql));
            }
        }
        // The generator must keep producing both kinds, or the comparison above proves nothing.
        assertThat(plain).as("texts called plain").isGreaterThan(TEXTS / 10);
        assertThat(pinned).as("texts that pin").isGreaterThan(TEXTS / 10);
    }

    private static String randomText(Random random) {
        StringBuilder sql = new StringBuilder();
        if (random.nextInt(4) == 0) {
            sql.append(pick(random, SPACES));
        }
        sql.append(pick(random, FIRST_WORDS));
        int riskPercent = RISK_PERCENTS[random.nextInt(RISK_PERCENTS.length)];
        int fragments = random.nextInt(14);
        for (int index = 0; index < fragments; index++) {
            int join = random.nextInt(10);
            if (join < 6) {
                sql.append(' ');
            } else if (join == 6) {
                sql.append(pick(random, SPACES));
            }
            sql.append(random.nextInt(100) < riskPercent ? pick(random, RISKY) : pick(random, HARMLESS));
        }
        if (random.nextInt(3) == 0) {
            sql.append(random.nextBoolean() ? ";" : " ; ");
        }
        return sql.toString();
    }

    private static List<String> fragments(String joined) {
        return List.of(joined.split("\\|"));
    }

    private static String pick(Random random, List<String> fragments) {
        return fragments.get(random.nextInt(fragments.size()));
    }

    /**
     * What {@link SessionEffects#of} answers without its fast path, and how many statements the lexer found. A copy of
     * its loop, checked against it on every text the fast path leaves to the lexer.
     */
    private record Lexed(SessionEffect effect, int statements) {}

    private static Lexed lexed(String sql) {
        SqlLexer lexer = new SqlLexer(sql);
        SessionEffect pin = null;
        SessionEffect last = SessionEffect.NONE;
        int statements = 0;
        boolean tracked = false;
        while (lexer.kind() != TokenKind.END) {
            if (lexer.kind() == TokenKind.SEMICOLON) {
                lexer.advance();
                continue;
            }
            SessionEffect effect = StatementSessionEffect.of(lexer);
            statements++;
            if (effect.pins() && pin == null) {
                pin = effect;
            }
            last = effect;
            tracked |= effect instanceof SessionEffect.Deallocate
                    || effect instanceof SessionEffect.DeallocateAll
                    || effect instanceof SessionEffect.DiscardAll;
            lexer.skipToStatementEnd();
        }
        if (pin != null) {
            return new Lexed(pin, statements);
        }
        if (lexer.unterminated()) {
            return new Lexed(new SessionEffect.Pin("unterminated"), statements);
        }
        if (statements > 1) {
            return new Lexed(tracked ? new SessionEffect.Pin("tracked among others") : SessionEffect.NONE, statements);
        }
        return new Lexed(last, statements);
    }

    /** The text as a Java string literal's content, so that a failing text can be pasted into a test. */
    private static String escaped(String sql) {
        StringBuilder escaped = new StringBuilder("\"");
        for (char character : sql.toCharArray()) {
            if (character == '"' || character == '\\') {
                escaped.append('\\').append(character);
            } else if (character >= 0x20 && character < 0x7F) {
                escaped.append(character);
            } else {
                escaped.append(String.format("\\u%04X", (int) character));
            }
        }
        return escaped.append('"').toString();
    }
}
