package dev.marina.control.engine;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How to run one member, rendered by the engine as a pure function. The local runtime turns it into a process; the
 * Kubernetes runtime into a container spec.
 *
 * @param command the program and its arguments
 * @param environment extra environment variables
 * @param files files to write before start, by absolute path
 * @param absentFiles files that must not exist at start (e.g. a standby marker on a primary)
 * @param stopSignal the signal that stops the engine quickly and cleanly (PostgreSQL: INT, its fast shutdown)
 */
public record MemberPlan(
        List<String> command,
        Map<String, String> environment,
        Map<String, PlannedFile> files,
        List<String> absentFiles,
        String stopSignal) {

    public MemberPlan {
        command = List.copyOf(command);
        environment = java.util.Collections.unmodifiableMap(new TreeMap<>(environment));
        files = java.util.Collections.unmodifiableMap(new TreeMap<>(files));
        absentFiles = List.copyOf(absentFiles);
        requireNonNull(stopSignal, "stopSignal is null");
    }

    /** A file's content, and whether it holds a secret (written readable by the engine user only). */
    public record PlannedFile(String content, boolean secret) {

        public PlannedFile {
            requireNonNull(content, "content is null");
        }

        @Override
        public String toString() {
            return secret ? "PlannedFile[secret]" : "PlannedFile[" + content.length() + " chars]";
        }
    }

    /** A stable digest of everything in the plan: equal plans, equal hashes, across restarts. */
    public String hash() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            update(digest, String.join("\0", command));
            environment.forEach((key, value) -> update(digest, key + "=" + value));
            files.forEach((path, file) -> update(digest, path + "\0" + file.content()));
            absentFiles.forEach(path -> update(digest, "absent:" + path));
            return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    private static void update(MessageDigest digest, String text) {
        digest.update(text.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) '\n');
    }
}
