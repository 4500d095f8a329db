package dev.marina.engine.postgresql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ControlDataTest {

    private static final String SHUT_DOWN = """
            pg_control version number:            1300
            Database cluster state:               shut down
            Latest checkpoint location:           0/3000060
            Latest checkpoint's REDO location:    0/3000060
            """;

    @Test
    void aCleanShutdownGivesTheCheckpointPosition() {
        assertThat(ControlData.stoppedPosition(SHUT_DOWN)).hasValue(0x3000060L);
    }

    @Test
    void aCrashedOrRunningServerGivesNothing() {
        assertThat(ControlData.stoppedPosition(SHUT_DOWN.replace("shut down", "in production")))
                .isEmpty();
        assertThat(ControlData.stoppedPosition(SHUT_DOWN.replace("shut down", "shut down in recovery")))
                .isEmpty();
    }

    @Test
    void highAndLowHalvesMakeOneNumber() {
        assertThat(ControlData.lsn("1/0")).isEqualTo(1L << 32);
        assertThat(ControlData.lsn("A/FF")).isEqualTo((10L << 32) + 255);
    }
}
