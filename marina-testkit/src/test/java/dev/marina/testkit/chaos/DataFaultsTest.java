package dev.marina.testkit.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataFaultsTest {

    private final FaultLog log = new FaultLog();
    private final DataFaults faults = new DataFaults(log);

    @Test
    void deletesADirectoryTreeAndRecordsWhen(@TempDir Path root) throws Exception {
        Path data = root.resolve("member-0/data");
        Files.createDirectories(data.resolve("base/1"));
        Files.writeString(data.resolve("base/1/1259"), "rows");
        Files.writeString(data.resolve("PG_VERSION"), "15");
        long before = System.nanoTime();

        Fault fault = faults.deleteDirectory(data);

        assertThat(data).doesNotExist();
        assertThat(root.resolve("member-0")).isDirectory();
        assertThat(fault.description()).isEqualTo("deletion of directory " + data);
        assertThat(fault.atNanos()).isGreaterThanOrEqualTo(before);
        assertThat(log.faults()).containsExactly(fault);
    }

    @Test
    void refusesPathsThatCannotBeAMembersData(@TempDir Path root) throws Exception {
        Path file = Files.writeString(root.resolve("file"), "x");

        assertThatThrownBy(() -> faults.deleteDirectory(Path.of("/")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least two levels deep");
        assertThatThrownBy(() -> faults.deleteDirectory(Path.of("/tmp"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> faults.deleteDirectory(Path.of("relative/data")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> faults.deleteDirectory(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a directory");
        assertThat(file).exists();
        assertThat(log.faults()).isEmpty();
    }
}
