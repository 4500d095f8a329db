package dev.marina.runtime.local;

import static java.util.Objects.requireNonNull;

import dev.marina.control.engine.MemberHost;
import dev.marina.control.runtime.RuntimeFailure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Acts on a member's files and runs engine tools as the engine user, on this machine. Public for the agent in a
 * Kubernetes pod, which acts on its member's files the same way (there as the pod's own, unprivileged user).
 */
public final class LocalHost implements MemberHost {

    private final EngineUser user;
    private final Path workingDirectory;

    /**
     * @param workingDirectory where tools run, created with mode rwx------ for the engine user: a directory the agent
     *     may own
     */
    public LocalHost(EngineUser user, Path workingDirectory) {
        this.user = requireNonNull(user, "user is null");
        this.workingDirectory = requireNonNull(workingDirectory, "workingDirectory is null");
    }

    @Override
    public CommandResult run(List<String> command, Map<String, String> environment, Duration timeout) {
        List<String> full = new ArrayList<>(user.privilegePrefix());
        full.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(full).redirectErrorStream(true);
        createDirectory(workingDirectory, "rwx------");
        // Run from a directory the engine user can read (ENGINE-NOTES, trap 1).
        builder.directory(workingDirectory.toFile());
        builder.environment().putAll(environment);
        builder.environment().put("LC_ALL", "C.UTF-8");
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            // Read output on another thread so a chatty tool cannot fill the pipe and stall.
            var output = new java.util.concurrent.CompletableFuture<String>();
            Thread.ofVirtual().start(() -> {
                try {
                    output.complete(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException e) {
                    output.complete("");
                }
            });
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new RuntimeFailure(command.get(0) + " did not finish within " + timeout.toSeconds() + " s");
            }
            return new CommandResult(process.exitValue(), output.join());
        } catch (IOException e) {
            throw new RuntimeFailure("cannot run " + command.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeFailure("interrupted while running " + command.get(0), e);
        }
    }

    @Override
    public void writeFile(Path path, String content, boolean secret) {
        try {
            Path temporary = path.resolveSibling("." + path.getFileName() + ".tmp");
            Files.writeString(temporary, content, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(
                    temporary, PosixFilePermissions.fromString(secret ? "rw-------" : "rw-r-----"));
            user.own(temporary);
            Files.move(temporary, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new RuntimeFailure("cannot write " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void createDirectory(Path path, String permissions) {
        try {
            if (!Files.isDirectory(path)) {
                Files.createDirectories(path);
            }
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
            user.own(path);
        } catch (IOException e) {
            throw new RuntimeFailure("cannot create directory " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void delete(Path path) {
        deleteTree(path);
    }

    static void deleteTree(Path path) {
        if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.walkFileTree(path, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException error) throws IOException {
                    if (error instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE;
                    }
                    throw error;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path directory, IOException error) throws IOException {
                    Files.deleteIfExists(directory);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new RuntimeFailure("cannot delete " + path + ": " + e.getMessage(), e);
        }
    }
}
