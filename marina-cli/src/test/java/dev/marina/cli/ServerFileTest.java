package dev.marina.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerFileTest {

    @TempDir
    Path home;

    @Test
    void readsWhatTheControlPlaneWritesIgnoringFieldsItAddsLater() throws IOException {
        Path file = Files.writeString(
                home.resolve("server.json"),
                "{\"pid\": 1234, \"address\": \"127.0.0.1:40123\", \"token\": \"s3cret\","
                        + " \"startedAt\": \"2026-11-20T10:00:00Z\", \"version\": \"0.2\"}");

        ServerFile server = ServerFile.read(file).orElseThrow();

        assertThat(server.pid()).isEqualTo(1234);
        assertThat(server.baseUri()).hasToString("http://127.0.0.1:40123");
        assertThat(server.token()).isEqualTo("s3cret");
        assertThat(server.startedAt()).isEqualTo("2026-11-20T10:00:00Z");
    }

    @Test
    void neverShowsTheToken() {
        ServerFile server = new ServerFile(1, "127.0.0.1:1", "s3cret", null);

        assertThat(server.toString()).doesNotContain("s3cret");
    }

    @Test
    void noFileMeansNoControlPlane() {
        assertThat(ServerFile.read(home.resolve("server.json"))).isEmpty();
        assertThat(ServerFile.findLive(new MarinaHome(home))).isEmpty();
    }

    @Test
    void aFileWithoutTheFieldsItNeedsIsNamed() throws IOException {
        Path file = Files.writeString(home.resolve("server.json"), "{\"pid\": 1}");

        assertThatThrownBy(() -> ServerFile.read(file))
                .isInstanceOf(MarinaException.class)
                .hasMessage(file + " is unreadable (it lacks pid, address or token); if no control plane runs,"
                        + " remove it and run: marina up");
    }

    @Test
    void homeComesFromTheEnvironmentOrDefaultsToDotMarina() {
        assertThat(MarinaHome.resolve(Map.of("MARINA_HOME", "/srv/marina"), Path.of("/home/me"))
                        .directory())
                .isEqualTo(Path.of("/srv/marina"));
        assertThat(MarinaHome.resolve(Map.of(), Path.of("/home/me")).directory())
                .isEqualTo(Path.of("/home/me/.marina"));
    }
}
