package dev.marina.gateway.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SessionEffectsTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "set search_path = a",
                "SET statement_timeout TO 0",
                "SET SESSION search_path TO a",
                "SET ROLE admin",
                "SET SESSION AUTHORIZATION bob",
                "SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY",
                "SET TIME ZONE 'UTC'",
                "RESET search_path",
                "RESET ALL",
                "SELECT set_config('a', 'b', false)",
                "select set_config('a', 'b', true)",
                "SELECT pg_catalog.set_config('a', 'b', false)",
                "SELECT \"set_config\"('a', 'b', false)",
                "LISTEN ch",
                "SELECT pg_advisory_lock(1)",
                "select pg_advisory_lock_shared(1)",
                "SELECT pg_try_advisory_lock(1, 2)",
                "SELECT pg_try_advisory_lock_shared(1)",
                "SELECT * FROM t WHERE pg_try_advisory_lock(t.id)",
                "SELECT dblink_connect('c', 'dbname=x')",
                "SELECT setseed(0.5)",
                "create temp table t (a int)",
                "CREATE TEMPORARY TABLE t AS SELECT 1",
                "CREATE TEMP VIEW v AS SELECT 1",
                "CREATE OR REPLACE TEMP VIEW v AS SELECT 1",
                "CREATE TEMP SEQUENCE s",
                "CREATE GLOBAL TEMPORARY TABLE t (a int)",
                "CREATE LOCAL TEMP TABLE t (a int) ON COMMIT DELETE ROWS",
                "CREATE TEMP TABLE t (a int) ON COMMIT PRESERVE ROWS",
                "CREATE TABLE pg_temp.t (a int)",
                "CREATE FUNCTION pg_temp.f() RETURNS int LANGUAGE sql AS 'SELECT 1'",
                "SELECT * INTO TEMP t FROM u",
                "SELECT 1 AS a INTO TEMPORARY TABLE t",
                "PREPARE q AS SELECT 1",
                "prepare q (int) as select $1",
                "DECLARE c CURSOR WITH HOLD FOR SELECT 1",
                "declare c binary no scroll cursor with hold for select 1",
                "LOAD 'auto_explain'",
                "SELECT 1; SET search_path = a",
                "SELECT 1; SET LOCAL a = 1; LISTEN ch",
                "DEALLOCATE a; SELECT 1",
                "SELECT 1; DEALLOCATE ALL",
                "DISCARD ALL; SELECT 1",
                "DEALLOCATE",
                "DEALLOCATE a b",
                "DEALLOCATE U&\"a\"",
                "DEALLOCATE 'a'",
                "SET",
                "SELECT 'unterminated",
                "SET LOCAL a = 'unterminated",
                "SELECT 1 /* unterminated",
                "/* unterminated",
                "SELECT $$ unterminated",
            })
    void pinsTheClientToItsServerConnection(String sql) {
        assertThat(SessionEffects.of(sql).pins()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "-- nothing",
                ";",
                "SELECT 1",
                "SET LOCAL x = 1",
                "set local search_path = a",
                "SET TRANSACTION ISOLATION LEVEL SERIALIZABLE",
                "SET TRANSACTION READ ONLY",
                "SET CONSTRAINTS ALL DEFERRED",
                "select pg_advisory_xact_lock(1)",
                "SELECT pg_try_advisory_xact_lock(1)",
                "SELECT pg_advisory_xact_lock_shared(1)",
                "SELECT pg_advisory_unlock(1)",
                "SELECT 'SET x = 1; LISTEN ch'",
                "SELECT $$ LISTEN ch $$, E'\\' ; SET a = 1 \\''",
                "SELECT 1 /* ; SET a = 1 */ -- ; RESET ALL",
                "SELECT \"set_config\" FROM t",
                "SELECT set_config FROM t",
                "SELECT \"SET_CONFIG\"('a', 'b', false)",
                "SELECT my_set_config('a')",
                "CREATE TABLE temp (a int)",
                "CREATE TABLE t (temp int, temporary text)",
                "INSERT INTO temp VALUES (1)",
                "INSERT INTO temporary SELECT 1",
                "MERGE INTO temp USING s ON true WHEN MATCHED THEN DELETE",
                "SELECT * INTO t FROM u",
                "CREATE TEMP TABLE t (a int) ON COMMIT DROP",
                "CREATE TEMPORARY TABLE t ON COMMIT DROP AS SELECT 1",
                "DECLARE c CURSOR FOR SELECT 1",
                "DECLARE c CURSOR WITHOUT HOLD FOR SELECT 1",
                "DECLARE c SCROLL CURSOR FOR SELECT 'WITH HOLD'",
                "PREPARE TRANSACTION 'tx1'",
                "ALTER ROLE r SET search_path = a",
                "ALTER DATABASE d RESET ALL",
                "CREATE FUNCTION f() RETURNS int LANGUAGE sql SET search_path = a AS $$ SELECT 1 $$",
                "UNLISTEN ch",
                "UNLISTEN *; SELECT 1",
                "DISCARD PLANS",
                "DISCARD TEMP",
                "DISCARD ALL ALL",
                "NOTIFY ch",
                "BEGIN; UPDATE t SET a = 1; COMMIT",
            })
    void leavesNothingThatOutlivesTheTransaction(String sql) {
        assertThat(SessionEffects.of(sql)).isEqualTo(SessionEffect.NONE);
    }

    static List<Arguments> facts() {
        return List.of(
                Arguments.of("DISCARD ALL", SessionEffect.DISCARD_ALL),
                Arguments.of("discard all; -- reset", SessionEffect.DISCARD_ALL),
                Arguments.of("DEALLOCATE \"S_1\"", new SessionEffect.Deallocate("S_1")),
                Arguments.of("deallocate prepare s_2", new SessionEffect.Deallocate("s_2")),
                Arguments.of("DEALLOCATE Stmt_3;", new SessionEffect.Deallocate("stmt_3")),
                Arguments.of("DEALLOCATE \"a\"\"b\"", new SessionEffect.Deallocate("a\"b")),
                Arguments.of("DEALLOCATE prepare", new SessionEffect.Deallocate("prepare")),
                Arguments.of("DEALLOCATE PREPARE \"ALL\"", new SessionEffect.Deallocate("ALL")),
                Arguments.of("DEALLOCATE ALL", SessionEffect.DEALLOCATE_ALL),
                Arguments.of("deallocate prepare all", SessionEffect.DEALLOCATE_ALL),
                Arguments.of("UNLISTEN *", SessionEffect.UNLISTEN_ALL),
                Arguments.of("/* pool */ unlisten * ;", SessionEffect.UNLISTEN_ALL));
    }

    @ParameterizedTest
    @MethodSource("facts")
    void reportsWhatTheGatewayMustTrack(String sql, SessionEffect expected) {
        assertThat(SessionEffects.of(sql)).isEqualTo(expected);
        assertThat(SessionEffects.of(sql).pins()).isFalse();
    }

    @Test
    void namesWhatPinned() {
        assertThat(SessionEffects.of("SET search_path = a")).isEqualTo(new SessionEffect.Pin("SET"));
        assertThat(SessionEffects.of("SELECT PG_ADVISORY_LOCK(1)"))
                .isEqualTo(new SessionEffect.Pin("pg_advisory_lock"));
        assertThat(SessionEffects.of("CREATE TEMP TABLE t (a int)"))
                .isEqualTo(new SessionEffect.Pin("temporary object"));
    }

    @Test
    void scansAMegabyteStatementInOnePass() {
        StringBuilder sql = new StringBuilder("SELECT ");
        while (sql.length() < 1_000_000) {
            sql.append("lower('SET a = 1; LISTEN x'), $q$ set_config('a','b',false) $q$, ");
        }

        assertThat(SessionEffects.of(sql + "1")).isEqualTo(SessionEffect.NONE);
        assertThat(SessionEffects.of(sql + "set_config('a', 'b', false)").pins())
                .isTrue();
    }
}
