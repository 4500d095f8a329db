package dev.marina.gateway.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marina.gateway.SqlInspector;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatementScreenTest {

    /** The gateway's own inspector, noting every text it is asked about. */
    private static final class CountingInspector implements QueryInspector {
        private final SqlInspector inspector = new SqlInspector();
        final List<String> asked = new ArrayList<>();

        @Override
        public boolean isRead(String sql) {
            return inspector.isRead(sql);
        }

        @Override
        public SessionFacts sessionFacts(String sql) {
            return inspector.sessionFacts(sql);
        }

        @Override
        public boolean certainlyNoSessionEffect(byte[] utf8, int length) {
            asked.add(new String(utf8, 0, length, StandardCharsets.UTF_8));
            return inspector.certainlyNoSessionEffect(utf8, length);
        }
    }

    private final CountingInspector inspector = new CountingInspector();
    private final StatementScreen screen = new StatementScreen(inspector);

    /** A Query message's text where it lies after some other bytes, as in a read buffer. */
    private boolean screen(String sql) {
        ByteBuf buffer = Unpooled.buffer();
        buffer.writeBytes("xx".getBytes(StandardCharsets.US_ASCII));
        int start = buffer.writerIndex();
        buffer.writeBytes(sql.getBytes(StandardCharsets.UTF_8)).writeByte(0);
        return screen.certainlyWithoutEffect(buffer, start, buffer.writerIndex());
    }

    @Test
    void aClearedTextSeenAgainIsClearedWithoutScreeningItAgain() {
        assertThat(screen("SELECT abalance FROM pgbench_accounts WHERE aid = $1"))
                .isTrue();
        assertThat(screen("UPDATE pgbench_tellers SET tbalance = tbalance + $1 WHERE tid = $2"))
                .isTrue();
        assertThat(screen("SELECT abalance FROM pgbench_accounts WHERE aid = $1"))
                .isTrue();
        assertThat(screen("UPDATE pgbench_tellers SET tbalance = tbalance + $1 WHERE tid = $2"))
                .isTrue();

        assertThat(inspector.asked)
                .containsExactly(
                        "SELECT abalance FROM pgbench_accounts WHERE aid = $1",
                        "UPDATE pgbench_tellers SET tbalance = tbalance + $1 WHERE tid = $2");
    }

    @Test
    void aTextNotClearedIsScreenedEveryTime() {
        assertThat(screen("SET search_path = app")).isFalse();
        assertThat(screen("SET search_path = app")).isFalse();

        assertThat(inspector.asked).containsExactly("SET search_path = app", "SET search_path = app");
    }

    @Test
    void aTextOfTheSameLengthThatDiffersIsScreened() {
        assertThat(screen("SELECT 1 FROM t WHERE a = 12")).isTrue();
        // Same length, one character apart: a pinning function must not pass for the cleared text.
        assertThat(screen("SELECT set_config('a','b',f)")).isFalse();
        assertThat(screen("SELECT 1 FROM t WHERE a = 13")).isTrue();

        assertThat(inspector.asked).hasSize(3);
    }

    @Test
    void onlyTheLastFewClearedTextsAreRemembered() {
        for (int table = 0; table < 9; table++) {
            assertThat(screen("SELECT * FROM t" + table)).isTrue();
        }
        // The first of nine was the one remembered longest ago, and gave its place to the ninth.
        assertThat(screen("SELECT * FROM t0")).isTrue();
        assertThat(screen("SELECT * FROM t8")).isTrue();

        assertThat(inspector.asked).hasSize(10).endsWith("SELECT * FROM t0");
    }
}
