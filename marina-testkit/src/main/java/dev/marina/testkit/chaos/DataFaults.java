package dev.marina.testkit.chaos;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/** Destroys data on disk, as a lost volume would, and records each fault once it is in effect. */
public final class DataFaults {

    /** A running engine may create files while the tree is deleted; a few passes outrun it. */
    private static final int DELETE_PASSES = 5;

    private final FaultLog log;

    public DataFaults(FaultLog log) {
        this.log = requireNonNull(log, "log is null");
    }

    /**
     * Deletes {@code directory} and everything in it, also while a process still writes there.
     *
     * @throws IllegalArgumentException if {@code directory} is relative, too close to the root to be a member's, or
     *     not a directory
     */
    public Fault deleteDirectory(Path directory) throws IOException {
        requireNonNull(directory, "directory is null");
        Path target = directory.normalize();
        if (!target.isAbsolute() || target.getNameCount() < 2) {
            // A mistake in a scenario must not wipe "/" or "/home".
            throw new IllegalArgumentException(
                    "refusing to delete " + directory + ": give an absolute path at least two levels deep");
        }
        if (!Files.isDirectory(target)) {
            throw new IllegalArgumentException("refusing to delete " + directory + ": it is not a directory");
        }
        for (int pass = 1; ; pass++) {
            try {
                deleteTree(target);
                return log.record("deletion of directory " + target);
            } catch (DirectoryNotEmptyException e) {
                if (pass == DELETE_PASSES) {
                    throw e;
                }
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException failure) throws IOException {
                if (failure instanceof NoSuchFileException) {
                    // Removed by its owner between listing and visiting.
                    return FileVisitResult.CONTINUE;
                }
                throw failure;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path directory, IOException failure) throws IOException {
                if (failure != null && !(failure instanceof NoSuchFileException)) {
                    throw failure;
                }
                Files.deleteIfExists(directory);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
