package dev.marina.operator.agent;

import static java.util.Objects.requireNonNull;

import dev.marina.control.engine.MemberHost;
import dev.marina.runtime.local.EngineUser;
import dev.marina.runtime.local.LocalHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The member's host inside its pod: the local runtime's host (the engine's tools run as the engine user, files get
 * their modes), except for the directories Kubernetes mounted. Those belong to root with the pod's fsGroup, and the
 * agent, not their owner, cannot change their mode: the engine's agent asks for its member directory with rwx------
 * (right where Marina owns it, as on the local runtime), and here it must take the volume as Kubernetes gives it.
 */
final class PodHost implements MemberHost {

    private final LocalHost local;
    private final Set<Path> mountPoints;

    /**
     * @param workingDirectory where the engine's tools run: a directory of the agent's own in the member's volume
     * @param mountPoints directories Kubernetes mounted (the member's volume, its configuration and run directories)
     */
    PodHost(EngineUser user, Path workingDirectory, Set<Path> mountPoints) {
        this.local = new LocalHost(requireNonNull(user, "user is null"), workingDirectory);
        this.mountPoints = Set.copyOf(mountPoints);
    }

    @Override
    public CommandResult run(List<String> command, Map<String, String> environment, Duration timeout) {
        return local.run(command, environment, timeout);
    }

    @Override
    public void writeFile(Path path, String content, boolean secret) {
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            createDirectory(parent, "rwx------");
        }
        local.writeFile(path, content, secret);
    }

    @Override
    public void createDirectory(Path path, String permissions) {
        if (mountPoints.contains(path.toAbsolutePath().normalize()) && Files.isDirectory(path)) {
            return;
        }
        local.createDirectory(path, permissions);
    }

    @Override
    public void delete(Path path) {
        local.delete(path);
    }
}
