package dev.marina.gateway.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SqlLexerTest {

    static List<Arguments> tokens() {
        return List.of(
                Arguments.of("SELECT a.b, (1);", List.of("SELECT", "a", ".", "b", ",", "(", "1", ")", ";")),
                Arguments.of("select 'it''s' from t", List.of("select", "'it''s'", "from", "t")),
                Arguments.of("SELECT E'a\\'b' x", List.of("SELECT", "E'a\\'b'", "x")),
                Arguments.of("SELECT e'\\\\' || 'x'", List.of("SELECT", "e'\\\\'", "|", "|", "'x'")),
                Arguments.of(
                        "SELECT $$ it's; $$, $tag$ $$ ; $tag$",
                        List.of("SELECT", "$$ it's; $$", ",", "$tag$ $$ ; $tag$")),
                Arguments.of("SELECT $1, $12::int", List.of("SELECT", "$1", ",", "$12", ":", ":", "int")),
                Arguments.of("SELECT a$b$ FROM t", List.of("SELECT", "a$b$", "FROM", "t")),
                Arguments.of("SELECT \"a \"\"b\"\" c\" FROM t", List.of("SELECT", "\"a \"\"b\"\" c\"", "FROM", "t")),
                Arguments.of("SELECT U&'\\0041', U&\"\\0041\"", List.of("SELECT", "U&'\\0041'", ",", "U&\"\\0041\"")),
                Arguments.of("SELECT B'101', X'1F', N'n'", List.of("SELECT", "B'101'", ",", "X'1F'", ",", "N'n'")),
                Arguments.of("SELECT 1 -- comment; DELETE\n, 2", List.of("SELECT", "1", ",", "2")),
                Arguments.of("SELECT /* a /* nested */ still; */ 1", List.of("SELECT", "1")),
                Arguments.of(
                        "SELECT 1.5e-3, .5, 0x1F, 1_000, 1into",
                        List.of("SELECT", "1.5e-3", ",", ".5", ",", "0x1F", ",", "1_000", ",", "1", "into")),
                Arguments.of("SELECT 1-2/3", List.of("SELECT", "1", "-", "2", "/", "3")),
                Arguments.of("SELECT café, naïve_x FROM t", List.of("SELECT", "café", ",", "naïve_x", "FROM", "t")));
    }

    @ParameterizedTest
    @MethodSource("tokens")
    void lexesTokensAsPostgresqlDoes(String sql, List<String> expected) {
        SqlLexer lexer = new SqlLexer(sql);
        List<String> texts = new ArrayList<>();
        for (; lexer.kind() != TokenKind.END; lexer.advance()) {
            texts.add(lexer.text());
        }
        assertThat(texts).isEqualTo(expected);
        assertThat(lexer.unterminated()).isFalse();
    }

    @Test
    void classifiesTokenKinds() {
        SqlLexer lexer = new SqlLexer("select \"q\" 'x' 1 $1 ; ( ) . , * $$y$$");
        List<TokenKind> kinds = new ArrayList<>();
        for (; lexer.kind() != TokenKind.END; lexer.advance()) {
            kinds.add(lexer.kind());
        }
        assertThat(kinds)
                .containsExactly(
                        TokenKind.WORD,
                        TokenKind.QUOTED_IDENTIFIER,
                        TokenKind.STRING,
                        TokenKind.NUMBER,
                        TokenKind.PARAMETER,
                        TokenKind.SEMICOLON,
                        TokenKind.LEFT_PARENTHESIS,
                        TokenKind.RIGHT_PARENTHESIS,
                        TokenKind.DOT,
                        TokenKind.COMMA,
                        TokenKind.OPERATOR,
                        TokenKind.STRING);
    }

    @Test
    void comparesWordsIgnoringAsciiCaseOnly() {
        SqlLexer lexer = new SqlLexer("SeLeCt \"select\" ſelect");
        assertThat(lexer.isWord("select")).isTrue();
        assertThat(lexer.peekIsWord("select")).isFalse();
        lexer.advance();
        assertThat(lexer.isWord("select")).isFalse();
        assertThat(lexer.isQuotedIdentifier("select")).isTrue();
        lexer.advance();
        assertThat(lexer.isWord("select")).isFalse();
    }

    @Test
    void namesIdentifiersAsPostgresqlResolvesThem() {
        SqlLexer lexer = new SqlLexer("Foo_Bar \"Foo\"\"Bar\" U&\"x\" 'str'");
        assertThat(lexer.identifier()).contains("foo_bar");
        lexer.advance();
        assertThat(lexer.identifier()).contains("Foo\"Bar");
        lexer.advance();
        assertThat(lexer.identifier()).isEmpty();
        lexer.advance();
        assertThat(lexer.identifier()).isEmpty();
    }

    @Test
    void peekingDoesNotMoveTheCursor() {
        SqlLexer lexer = new SqlLexer("a ( b");
        assertThat(lexer.peek()).isEqualTo(TokenKind.LEFT_PARENTHESIS);
        assertThat(lexer.peek()).isEqualTo(TokenKind.LEFT_PARENTHESIS);
        assertThat(lexer.text()).isEqualTo("a");
        lexer.advance();
        assertThat(lexer.text()).isEqualTo("(");
        lexer.advance();
        assertThat(lexer.text()).isEqualTo("b");
        assertThat(lexer.advance()).isFalse();
        assertThat(lexer.kind()).isEqualTo(TokenKind.END);
        assertThat(lexer.advance()).isFalse();
    }

    @Test
    void exposesTheLeadingCommentsOnly() {
        assertThat(SqlLexer.leadingComments("  /* one */ -- two\n /* a /* b */ c */ SELECT 1 /* later */"))
                .containsExactly(" one ", " two", " a /* b */ c ");
        assertThat(SqlLexer.leadingComments("SELECT 1 -- trailing")).isEmpty();
        assertThat(SqlLexer.leadingComments("-- last line without newline"))
                .containsExactly(" last line without newline");
        assertThat(SqlLexer.leadingComments("/* closed */ /* never closed")).containsExactly(" closed ");
        assertThat(SqlLexer.leadingComments("")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "SELECT 'open",
                "SELECT E'open\\'",
                "SELECT \"open",
                "SELECT $$ open",
                "SELECT $a$ open $b$",
                "SELECT 1 /* open",
                "SELECT 1 /* a /* b */",
                "SELECT U&'open",
                "'"
            })
    void marksUnterminatedTextWithoutThrowing(String sql) {
        SqlLexer lexer = new SqlLexer(sql);
        lexer.skipToStatementEnd();
        assertThat(lexer.kind()).isEqualTo(TokenKind.END);
        assertThat(lexer.unterminated()).isTrue();
    }

    @Test
    void neverThrowsOnArbitraryText() {
        Random random = new Random(42);
        String alphabet = "'\"$-/*;()., eEuU&\\x0a1_\n";
        for (int attempt = 0; attempt < 20_000; attempt++) {
            StringBuilder sql = new StringBuilder();
            int length = random.nextInt(24);
            for (int index = 0; index < length; index++) {
                sql.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            SqlLexer lexer = new SqlLexer(sql.toString());
            while (lexer.advance()) {
                assertThat(lexer.end()).isGreaterThan(lexer.start());
                lexer.identifier();
            }
            SqlLexer.leadingComments(sql.toString());
            StatementClassifier.classify(sql.toString());
            SessionEffects.of(sql.toString());
        }
    }
}
