package dev.marina.gateway.sql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StatementClassifierTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "SELECT 1",
                "select * from t where id = $1",
                "SELECT count(*) FROM t",
                "SELECT 1;",
                "  SELECT 1 ; -- done\n /* really */ ",
                "SELECT 'update', 'delete from t', 'insert into x'",
                "SELECT \"delete\", \"update\" FROM t AS x",
                "SELECT $$ insert $$, $body$ DELETE FROM t; $body$",
                "SELECT E'\\' ; DELETE FROM t; \\'' AS s",
                "SELECT /* DELETE FROM t; */ 1 -- ; UPDATE t SET a = 1",
                "SELECT a FROM t WHERE b IN (1, 2) AND EXISTS (SELECT 1 FROM u) AND c = ANY($1)",
                "SELECT coalesce(a, 0), nullif(b, ''), greatest(1, 2), least(3, 4) FROM t",
                "SELECT lower(name), upper(name), length(name), substring(name FROM 1 FOR 2), trim(both from x) FROM t",
                "SELECT now(), date_trunc('day', now()), extract(year FROM now()), age(now())",
                "SELECT jsonb_build_object('a', 1), to_jsonb(t), json_agg(t) FROM t",
                "SELECT * FROM jsonb_array_elements('[1]'::jsonb)",
                "SELECT * FROM generate_series(1, 10) AS g(i)",
                "SELECT * FROM generate_series(1, 10) g(i)",
                "SELECT * FROM (SELECT 1) s(x)",
                "SELECT * FROM unnest(ARRAY[1, 2]) WITH ORDINALITY AS t(v, n)",
                "SELECT 1::numeric(10, 2), CAST(x AS varchar(20)), int4('1'), '1'::character varying(5) FROM t",
                "SELECT row_number() OVER (PARTITION BY a ORDER BY b), lag(a) OVER w FROM t WINDOW w AS (ORDER BY b)",
                "SELECT count(*) FILTER (WHERE a > 1), percentile_cont(0.5) WITHIN GROUP (ORDER BY a) FROM t",
                "SELECT pg_catalog.lower(x), \"pg_catalog\".upper(x) FROM t",
                "SELECT pg_is_in_recovery(), version(), current_setting('search_path'), random()",
                "SELECT ROW(1, 2), ARRAY(SELECT 1), CASE WHEN (a) THEN (b) ELSE (c) END FROM t",
                "SELECT DISTINCT ON (a) a, b FROM t ORDER BY a",
                "select a from t1 join t2 using (id) left join (select 1) s on (true)",
                "SELECT 1 UNION ALL (SELECT 2) EXCEPT SELECT 3",
                "(SELECT 1) UNION (SELECT 2)",
                "WITH x AS (SELECT 1) SELECT * FROM x",
                "WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 5) SELECT sum(n) FROM t",
                "WITH a AS (SELECT 1), b(x, \"Y\") AS MATERIALIZED (SELECT 2), c AS NOT MATERIALIZED (SELECT 3) "
                        + "SELECT * FROM a, b, c",
                "VALUES (1, 'a'), (2, 'b')",
                "TABLE t",
                "SHOW search_path",
                "show all",
                "EXPLAIN SELECT * FROM t",
                "EXPLAIN DELETE FROM t",
                "EXPLAIN (COSTS off) UPDATE t SET a = 1",
                "EXPLAIN ANALYZE SELECT count(*) FROM t",
                "EXPLAIN (ANALYZE, BUFFERS) SELECT 1",
                "SELECT substring(a FROM 1 FOR 3) FROM t",
                "select 1 as \"for\", 'for update'",
                "SELECT t.update_count, t.deleted FROM t",
                "SELECT * FROM t TABLESAMPLE SYSTEM (10) REPEATABLE (1)",
            })
    void provablyReadOnlyTextGoesToAReplica(String sql) {
        assertThat(StatementClassifier.classify(sql))
                .isEqualTo(new Classification(Route.READ, TransactionControl.NONE));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "INSERT INTO t VALUES (1)",
                "update t set a = 1",
                "DELETE FROM t",
                "MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN DELETE",
                "CREATE TABLE t (a int)",
                "COPY t TO STDOUT",
                "LOCK TABLE t",
                "CALL p()",
                "DO $$ BEGIN END $$",
                "VACUUM t",
                "NOTIFY ch",
                "SELECT 1; DELETE FROM t",
                "SELECT 1; SELECT 2",
                "SELECT 1;;",
                "SELECT 1; -- fine\n SELECT 2",
                "WITH x AS (DELETE FROM t RETURNING *) SELECT * FROM x",
                "WITH x AS (SELECT 1) INSERT INTO t SELECT * FROM x",
                "WITH x AS (SELECT 1), y AS (UPDATE t SET a = 1 RETURNING a) SELECT * FROM x, y",
                "SELECT * FROM (WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d) s",
                "select * from t for update",
                "SELECT * FROM t FOR SHARE",
                "SELECT * FROM t FOR NO KEY UPDATE",
                "SELECT * FROM t FOR KEY SHARE SKIP LOCKED",
                "SELECT * INTO new_table FROM t",
                "SELECT nextval('s')",
                "SELECT setval('s', 1)",
                "SELECT currval('s')",
                "SELECT pg_advisory_lock(1)",
                "select pg_advisory_xact_lock(1)",
                "SELECT set_config('a', 'b', false)",
                "SELECT pg_terminate_backend(123)",
                "SELECT lo_import('/etc/passwd')",
                "SELECT dblink('host=x', 'DELETE FROM t')",
                "SELECT * FROM t, dblink('c', 'DELETE FROM t') AS r(a int)",
                "SELECT my_function(1)",
                "SELECT public.lower(x) FROM t",
                "SELECT other_schema.count(*) FROM t",
                "SELECT \"lower\"(x) FROM t",
                "SELECT txid_current()",
                "SELECT DISTINCT ON (a) nextval('s') FROM t",
                "SELECT * FROM t WHERE a = (SELECT my_function())",
                "SELECT * FROM generate_series(1, 3) g(i), audit_row(i)",
                "VALUES (nextval('s'))",
                "EXPLAIN ANALYZE DELETE FROM t",
                "EXPLAIN ANALYSE VERBOSE UPDATE t SET a = 1",
                "EXPLAIN (ANALYZE, BUFFERS) INSERT INTO t VALUES (1)",
                "EXPLAIN (ANALYZE) SELECT nextval('s')",
                "EXPLAIN ANALYZE EXECUTE q",
                "SHOW search_path; SET search_path = a",
                "SELECT 'unterminated",
                "SELECT 1 /* unterminated",
                "SELECT $a$ never closed",
                "SELECT \"unterminated FROM t",
                "",
                "   ",
                "-- only a comment",
                "/* only */ /* comments */",
                ";",
                "SAVEPOINT a",
                "RELEASE SAVEPOINT a",
            })
    void anythingElseGoesToThePrimary(String sql) {
        assertThat(StatementClassifier.classify(sql))
                .isEqualTo(new Classification(Route.WRITE, TransactionControl.NONE));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/* marina:replica */ SELECT nextval('s')",
                "-- marina:read\nUPDATE t SET a = 1",
                "/* MARINA:REPLICA */ select my_function()",
                "  -- app: reports; marina:read please\n /* more */ SELECT f()",
                "/* outer /* marina:read */ */ SELECT f()",
                "/* marina:read */ /* marina:replica */ SELECT f()",
            })
    void aReadHintSendsTheStatementToAReplica(String sql) {
        assertThat(StatementClassifier.classify(sql).route()).isEqualTo(Route.READ);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/* marina:primary */ SELECT 1",
                "-- marina:write\nSELECT 1",
                "/* marina:read */ /* marina:primary */ SELECT 1",
                "/* marina:replica marina:write */ SELECT 1",
                "SELECT nextval('s') /* marina:read */",
                "SELECT nextval('s'); -- marina:read",
                "/* marina:readonly */ SELECT nextval('s')",
                "/* marina:read */",
                "-- marina:read",
                "/* marina:read  SELECT 1",
            })
    void aPrimaryHintOrNoHintKeepsTheStatementOnThePrimary(String sql) {
        assertThat(StatementClassifier.classify(sql).route()).isEqualTo(Route.WRITE);
    }

    @Test
    void hintsKeepTheTransactionFact() {
        assertThat(StatementClassifier.classify("/* marina:primary */ BEGIN READ ONLY"))
                .isEqualTo(new Classification(Route.WRITE, TransactionControl.BEGIN_READ_ONLY));
        assertThat(StatementClassifier.classify("-- marina:read\nBEGIN"))
                .isEqualTo(new Classification(Route.READ, TransactionControl.BEGIN_READ_WRITE));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "BEGIN                                                          | WRITE | BEGIN_READ_WRITE",
                "begin;                                                         | WRITE | BEGIN_READ_WRITE",
                "BEGIN WORK                                                     | WRITE | BEGIN_READ_WRITE",
                "BEGIN READ ONLY                                                | READ  | BEGIN_READ_ONLY",
                "BEGIN TRANSACTION READ ONLY                                    | READ  | BEGIN_READ_ONLY",
                "begin isolation level repeatable read, read only               | READ  | BEGIN_READ_ONLY",
                "BEGIN READ ONLY ISOLATION LEVEL SERIALIZABLE DEFERRABLE        | READ  | BEGIN_READ_ONLY",
                "BEGIN ISOLATION LEVEL READ UNCOMMITTED, NOT DEFERRABLE, READ ONLY | READ | BEGIN_READ_ONLY",
                "BEGIN ISOLATION LEVEL READ COMMITTED                           | WRITE | BEGIN_READ_WRITE",
                "BEGIN READ ONLY, READ WRITE                                    | WRITE | BEGIN_READ_WRITE",
                "BEGIN READ SOMETHING                                           | WRITE | BEGIN_READ_WRITE",
                "START TRANSACTION READ ONLY                                    | READ  | BEGIN_READ_ONLY",
                "START TRANSACTION READ WRITE                                   | WRITE | BEGIN_READ_WRITE",
                "start transaction isolation level serializable                 | WRITE | BEGIN_READ_WRITE",
                "SET TRANSACTION READ ONLY                                      | WRITE | SET_TRANSACTION_READ_ONLY",
                "SET TRANSACTION ISOLATION LEVEL SERIALIZABLE, READ ONLY        | WRITE | SET_TRANSACTION_READ_ONLY",
                "SET TRANSACTION ISOLATION LEVEL SERIALIZABLE                   | WRITE | NONE",
                "SET TRANSACTION SNAPSHOT '00000003-0000001B-1'                 | WRITE | NONE",
                "SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY           | WRITE | SET_SESSION_READ_ONLY",
                "SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE          | WRITE | NONE",
                "SET search_path = a                                            | WRITE | NONE",
                "COMMIT                                                         | WRITE | END",
                "commit work;                                                   | WRITE | END",
                "END TRANSACTION                                                | WRITE | END",
                "ROLLBACK                                                       | WRITE | END",
                "ABORT                                                          | WRITE | END",
                "ROLLBACK AND NO CHAIN                                          | WRITE | END",
                "COMMIT AND CHAIN                                               | WRITE | END_AND_CHAIN",
                "PREPARE TRANSACTION 'tx1'                                      | WRITE | END",
                "ROLLBACK TO SAVEPOINT a                                        | WRITE | NONE",
                "ROLLBACK TO a                                                  | WRITE | NONE",
                "rollback work to savepoint a                                   | WRITE | NONE",
                "ROLLBACK PREPARED 'tx1'                                        | WRITE | NONE",
                "COMMIT PREPARED 'tx1'                                          | WRITE | NONE",
                "PREPARE q AS SELECT 1                                          | WRITE | NONE",
                "BEGIN; SELECT 1                                                | WRITE | NONE",
                "BEGIN READ ONLY; SELECT 1                                      | WRITE | NONE",
                "SELECT 1; COMMIT                                               | WRITE | NONE",
                "COMMIT; BEGIN                                                  | WRITE | NONE",
                "BEGIN READ ONLY -- comment                                     | READ  | BEGIN_READ_ONLY",
            })
    void recognisesTransactionControl(String sql, Route route, TransactionControl transactionControl) {
        assertThat(StatementClassifier.classify(sql)).isEqualTo(new Classification(route, transactionControl));
    }

    @Test
    void classifiesAMegabyteStatementInOnePass() {
        String item = "coalesce(a, 'it''s; DELETE'), /* UPDATE t */ lower($$ INSERT ; $$), E'\\';', count(*) OVER (), ";
        StringBuilder sql = new StringBuilder("SELECT ");
        while (sql.length() < 1_000_000) {
            sql.append(item);
        }
        String read = sql + "1 FROM t";

        assertThat(StatementClassifier.classify(read).route()).isEqualTo(Route.READ);
        assertThat(StatementClassifier.classify(read + " FOR UPDATE").route()).isEqualTo(Route.WRITE);
        assertThat(StatementClassifier.classify(read + "; DELETE FROM t").route())
                .isEqualTo(Route.WRITE);
        assertThat(StatementClassifier.classify(sql + "nextval('s')").route()).isEqualTo(Route.WRITE);
    }

    @Test
    void deepNestingNeitherOverflowsNorConfuses() {
        String open = "(".repeat(100_000);
        String close = ")".repeat(100_000);

        assertThat(StatementClassifier.classify(open + "SELECT 1" + close).route())
                .isEqualTo(Route.READ);
        assertThat(StatementClassifier.classify("SELECT " + open + "nextval('s')" + close)
                        .route())
                .isEqualTo(Route.WRITE);
        assertThat(StatementClassifier.classify("SELECT " + close + open)).isNotNull();
    }

    @Test
    void readOnlyIsTheReadRoute() {
        assertThat(StatementClassifier.classify("SELECT 1").readOnly()).isTrue();
        assertThat(StatementClassifier.classify("DELETE FROM t").readOnly()).isFalse();
    }
}
