package dev.marina.testkit.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AckLogTest {

    @Test
    void keepsEveryEntryRecordedByConcurrentThreads() throws Exception {
        AckLog log = new AckLog();
        List<Thread> threads = new ArrayList<>();
        for (int thread = 0; thread < 4; thread++) {
            long firstId = thread * 1000L;
            threads.add(Thread.ofPlatform().start(() -> {
                for (long id = firstId; id < firstId + 500; id++) {
                    log.record(new Ack(id, "a:1", 1, id, id + 1));
                    log.recordFailure(new FailedAttempt(id + 500, id, "refused"));
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }

        assertThat(log.ackCount()).isEqualTo(2000);
        assertThat(log.failureCount()).isEqualTo(2000);
        assertThat(log.acks()).extracting(Ack::id).doesNotHaveDuplicates();
    }

    @Test
    void snapshotsDoNotChangeAfterwards() {
        AckLog log = new AckLog();
        log.record(new Ack(1, "a:1", 1, 0, 1));
        List<Ack> snapshot = log.acks();

        log.record(new Ack(2, "a:1", 1, 1, 2));

        assertThat(snapshot).hasSize(1);
        assertThat(log.acks()).hasSize(2);
    }

    @Test
    void writesOneLinePerEntryToItsFile(@TempDir Path directory) throws Exception {
        Path file = directory.resolve("acks.log");
        try (AckLog log = AckLog.writingTo(file)) {
            log.record(new Ack(7, "127.0.0.1:20003", 2, 100, 250));
            log.recordFailure(new FailedAttempt(8, 300, "SQLException: connection refused"));
            // Flushed per line: the evidence is on disk before the run ends.
            assertThat(Files.readAllLines(file)).hasSize(2);
        }

        assertThat(Files.readAllLines(file))
                .containsExactly("ack 7 127.0.0.1:20003 2 100 250", "failure 8 300 SQLException: connection refused");
    }
}
