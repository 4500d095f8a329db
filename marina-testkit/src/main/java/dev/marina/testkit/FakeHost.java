package dev.marina.testkit;

import static java.util.Objects.requireNonNull;

import dev.marina.control.engine.MemberHost;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A {@link MemberHost} that runs nothing: it remembers the commands it was asked to run (answering them with a
 * configurable result), the files written, the directories created and the paths deleted. Thread-safe.
 */
public final class FakeHost implements MemberHost {

    /** A command as it was asked for. */
    public record Command(List<String> command, Map<String, String> environment, Duration timeout) {

        public Command {
            command = List.copyOf(command);
            environment = Map.copyOf(environment);
        }
    }

    /** A file as it was written. */
    public record WrittenFile(String content, boolean secret) {

        @Override
        public String toString() {
            return secret ? "WrittenFile[secret]" : "WrittenFile[" + content + "]";
        }
    }

    private final Object lock = new Object();
    private final List<Command> commands = new ArrayList<>();
    private final Map<Path, WrittenFile> files = new TreeMap<>();
    private final Map<Path, String> directories = new TreeMap<>();
    private final List<Path> deleted = new ArrayList<>();
    private Function<List<String>, CommandResult> responder = command -> new CommandResult(0, "");

    /** Answers every later command with {@code responder}'s result instead of success. */
    public void respondWith(Function<List<String>, CommandResult> newResponder) {
        synchronized (lock) {
            responder = requireNonNull(newResponder, "newResponder is null");
        }
    }

    @Override
    public CommandResult run(List<String> command, Map<String, String> environment, Duration timeout) {
        Function<List<String>, CommandResult> answer;
        synchronized (lock) {
            commands.add(new Command(command, environment, timeout));
            answer = responder;
        }
        return answer.apply(List.copyOf(command));
    }

    @Override
    public void writeFile(Path path, String content, boolean secret) {
        requireNonNull(content, "content is null");
        synchronized (lock) {
            files.put(path, new WrittenFile(content, secret));
        }
    }

    @Override
    public void createDirectory(Path path, String permissions) {
        synchronized (lock) {
            directories.put(path, permissions);
        }
    }

    @Override
    public void delete(Path path) {
        synchronized (lock) {
            deleted.add(path);
            files.keySet().removeIf(file -> file.startsWith(path));
            directories.keySet().removeIf(directory -> directory.startsWith(path));
        }
    }

    public List<Command> commands() {
        synchronized (lock) {
            return List.copyOf(commands);
        }
    }

    public Map<Path, WrittenFile> files() {
        synchronized (lock) {
            return Map.copyOf(files);
        }
    }

    /** The directories that exist, with the permissions they were created with. */
    public Map<Path, String> directories() {
        synchronized (lock) {
            return Map.copyOf(directories);
        }
    }

    public List<Path> deleted() {
        synchronized (lock) {
            return List.copyOf(deleted);
        }
    }
}
