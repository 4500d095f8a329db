package dev.marina.server;

import dev.marina.api.yaml.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * {@code $MARINA_HOME/server.json}: where the control plane listens and the token that lets the CLI in. Readable by its
 * owner only, and written only once the API answers, so a CLI that finds it can use it.
 */
record ServerFile(long pid, String address, String token, String startedAt) {

    static Path path(Path home) {
        return home.resolve("server.json");
    }

    void write(Path home) throws IOException {
        Path target = path(home);
        Path temporary = target.resolveSibling(".server.json.tmp");
        Files.deleteIfExists(temporary);
        Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(temporary, Serialization.toJson(this));
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Removes the file if it still describes this process (a newer control plane may have replaced it). */
    static void removeIfOwnedBy(Path home, long pid) {
        Path file = path(home);
        try {
            // Only the pid matters here; read it alone, so fields added later cannot make this fail.
            if (Files.exists(file)
                    && Serialization.json()
                                    .readTree(Files.readString(file))
                                    .path("pid")
                                    .asLong()
                            == pid) {
                Files.delete(file);
            }
        } catch (IOException | RuntimeException e) {
            // Best effort: a stale file is detected by the CLI through its dead pid.
        }
    }
}
