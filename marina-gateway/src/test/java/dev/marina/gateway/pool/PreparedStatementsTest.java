package dev.marina.gateway.pool;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PreparedStatementsTest {

    @Test
    void belowTheLimitNothingIsEvicted() {
        PreparedStatements prepared = new PreparedStatements();
        prepared.add("a");

        assertThat(prepared.evictForOneMore(2)).isEmpty();
        assertThat(prepared.size()).isEqualTo(1);
    }

    @Test
    void theLeastRecentlyUsedGoesFirstAndALookupCountsAsAUse() {
        PreparedStatements prepared = new PreparedStatements();
        prepared.add("a");
        prepared.add("b");
        prepared.add("c");
        assertThat(prepared.contains("a")).isTrue();

        assertThat(prepared.evictForOneMore(3)).containsExactly("b");
        assertThat(prepared.contains("b")).isFalse();
        assertThat(prepared.contains("a")).isTrue();
        assertThat(prepared.contains("c")).isTrue();
    }

    @Test
    void aLoweredLimitEvictsDownToIt() {
        PreparedStatements prepared = new PreparedStatements();
        for (String name : new String[] {"a", "b", "c", "d"}) {
            prepared.add(name);
        }

        assertThat(prepared.evictForOneMore(2)).containsExactly("a", "b", "c");
        assertThat(prepared.size()).isEqualTo(1);
        assertThat(prepared.contains("d")).isTrue();
    }
}
