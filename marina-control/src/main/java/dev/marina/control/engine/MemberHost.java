package dev.marina.control.engine;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What an agent acts through: running the engine's tools as the engine's own user, and writing files it can read.
 * The runtime provides it (locally: setpriv to an unprivileged user when Marina runs as root).
 */
public interface MemberHost {

    /** Runs a command to completion as the engine user. */
    CommandResult run(List<String> command, Map<String, String> environment, Duration timeout);

    /** Writes a file owned by the engine user; secrets are readable by that user only. */
    void writeFile(Path path, String content, boolean secret);

    /** Creates a directory owned by the engine user with the given POSIX permissions (e.g. rwx------). */
    void createDirectory(Path path, String permissions);

    /** Deletes a file or a directory tree. */
    void delete(Path path);

    /** The outcome of {@link #run}. */
    record CommandResult(int exitCode, String output) {

        public boolean succeeded() {
            return exitCode == 0;
        }
    }
}
