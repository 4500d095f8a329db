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

    /**
     * A stable digest of everything in the plan: equal plans, equal hashes, across restarts. Two parts joined by
     * {@value #PART_SEPARATOR}: what only a new process can take (command, environment, absent files, stop signal), and
     * the files a running process may read again, so that a change to the files alone can be told apart (see {@link
     * #onlyFilesDiffer}).
     */
    public String hash() {
        MessageDigest process = sha256();
        update(process, String.join("\0", command));
        environment.forEach((key, value) -> update(process, key + "=" + value));
        absentFiles.forEach(path -> update(process, "absent:" + path));
        update(process, "stop:" + stopSignal);
        MessageDigest content = sha256();
        files.forEach((path, file) -> update(content, path + "\0" + file.content()));
        return HexFormat.of().formatHex(process.digest()).substring(0, PART_LENGTH)
                + PART_SEPARATOR
                + HexFormat.of().formatHex(content.digest()).substring(0, PART_LENGTH);
    }

    /**
     * Whether a plan hashed {@code planned} differs from one hashed {@code applied} in its files only: then a member
     * that can read its files again needs no restart. False for hashes of another form (stored before the hash had
     * two parts), which count as a change of everything.
     */
    public static boolean onlyFilesDiffer(String applied, String planned) {
        int appliedSeparator = applied.indexOf(PART_SEPARATOR);
        int plannedSeparator = planned.indexOf(PART_SEPARATOR);
        if (appliedSeparator != PART_LENGTH || plannedSeparator != PART_LENGTH) {
            return false;
        }
        return applied.regionMatches(0, planned, 0, PART_LENGTH) && !applied.equals(planned);
    }

    private static final String PART_SEPARATOR = ".";
    private static final int PART_LENGTH = 16;

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    private static void update(MessageDigest digest, String text) {
        digest.update(text.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) '\n');
    }
}
