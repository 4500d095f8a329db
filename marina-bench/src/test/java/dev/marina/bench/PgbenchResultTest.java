package dev.marina.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PgbenchResultTest {

    private static final String NUMBERS = """
            transaction type: <builtin: select only>
            scaling factor: 10
            query mode: prepared
            number of clients: 8
            number of threads: 2
            maximum number of tries: 1
            duration: 3 s
            number of transactions actually processed: 106832
            number of failed transactions: 0 (0.000%)
            latency average = 0.224 ms
            initial connection time = 21.538 ms
            tps = 35610.123456 (without initial connection time)
            """;

    @Test
    void aSuccessfulRunGivesItsNumbers() {
        PgbenchResult result = PgbenchResult.parse(0, "pgbench (15.20 (Debian 15.20-0+deb12u1))\n" + NUMBERS);

        assertThat(result.succeeded()).isTrue();
        assertThat(result.tps()).isEqualTo(35610.123456);
        assertThat(result.latencyMilliseconds()).isEqualTo(0.224);
        assertThat(result.transactions()).isEqualTo(106832);
    }

    @Test
    void anAbortedRunFailsWithItsFirstErrorThoughItPrintedNumbers() {
        // What PgBouncer 1.18 in transaction pooling makes of -M prepared.
        String output = "pgbench: error: client 3 script 0 aborted in command 0 query 0: ERROR:  prepared statement"
                + " \"P_0\" already exists\n" + NUMBERS + "pgbench: error: Run was aborted; the above results are"
                + " incomplete.\n";

        PgbenchResult result = PgbenchResult.parse(2, output);

        assertThat(result.succeeded()).isFalse();
        assertThat(result.error())
                .contains("exit code 2: pgbench: error: client 3 script 0 aborted in command 0 query 0: ERROR:"
                        + " prepared statement \"P_0\" already exists");
    }

    @Test
    void aRunThatCouldNotConnectFailsWithTheReason() {
        PgbenchResult result = PgbenchResult.parse(
                1,
                "pgbench: error: connection to server at \"127.0.0.1\", port 6432 failed: Connection refused\n"
                        + "pgbench: error: could not create connection for initialization\n");

        assertThat(result.error())
                .contains("exit code 1: pgbench: error: connection to server at \"127.0.0.1\", port 6432 failed:"
                        + " Connection refused");
    }
}
