package dev.marina.control.member;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/**
 * Where a member's files live, as the runtime lays them out. The engine renders paths from this and nothing else, so
 * the same engine code works under MARINA_HOME locally and on a volume in a pod.
 *
 * @param root the member's own directory
 * @param data the engine's data directory (PGDATA)
 * @param config rendered configuration files, kept outside the data directory
 * @param run sockets and lock files
 * @param log the member's log file
 */
public record MemberLayout(Path root, Path data, Path config, Path run, Path log) {

    public MemberLayout {
        requireNonNull(root, "root is null");
        requireNonNull(data, "data is null");
        requireNonNull(config, "config is null");
        requireNonNull(run, "run is null");
        requireNonNull(log, "log is null");
    }

    public static MemberLayout under(Path root) {
        return new MemberLayout(
                root, root.resolve("data"), root.resolve("conf"), root.resolve("run"), root.resolve("log/member.log"));
    }
}
