package dev.marina.cli;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.marina.api.yaml.Serialization;
import java.io.IOException;
import java.net.URI;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What a running control plane writes to {@code $MARINA_HOME/server.json}: its pid, where its API listens and the token
 * that API expects. The CLI never writes this file; the control plane does once its API answers.
 */
public record ServerFile(long pid, String address, String token, String startedAt) {

    public ServerFile {
        requireNonNull(address, "address is null");
        requireNonNull(token, "token is null");
    }

    /** The file's content, or empty when there is no file. */
    public static Optional<ServerFile> read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (AccessDeniedException e) {
            throw MarinaException.userError("cannot read " + file
                    + " (permission denied); run marina as the user that started the control plane");
        } catch (IOException e) {
            throw MarinaException.userError("cannot read " + file + " (" + e.getMessage() + "); check the file");
        }
        return Optional.of(parse(file, text));
    }

    /** The control plane of this home when its process is alive; empty when there is none or the file is stale. */
    public static Optional<ServerFile> findLive(MarinaHome home) {
        return read(home.serverFile()).filter(ServerFile::isProcessAlive);
    }

    private static ServerFile parse(Path file, String text) {
        try {
            // Read field by field, not into a strict record: a newer control plane may write more fields.
            JsonNode tree = Serialization.json().readTree(text);
            JsonNode pid = tree == null ? null : tree.get("pid");
            JsonNode address = tree == null ? null : tree.get("address");
            JsonNode token = tree == null ? null : tree.get("token");
            JsonNode startedAt = tree == null ? null : tree.get("startedAt");
            if (pid == null || !pid.canConvertToLong() || address == null || !address.isTextual() || token == null) {
                throw corrupt(file, "it lacks pid, address or token");
            }
            return new ServerFile(
                    pid.asLong(),
                    address.asText(),
                    token.asText(),
                    startedAt == null || startedAt.isNull() ? null : startedAt.asText());
        } catch (JsonProcessingException e) {
            throw corrupt(file, "it is not JSON");
        }
    }

    private static MarinaException corrupt(Path file, String why) {
        return MarinaException.userError(
                file + " is unreadable (" + why + "); if no control plane runs, remove it and run: marina up");
    }

    public boolean isProcessAlive() {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    public URI baseUri() {
        String base = address.contains("://") ? address : "http://" + address;
        return URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
    }

    @Override
    public String toString() {
        // The token grants full control of every cluster: keep it out of anything that might be printed or logged.
        return "ServerFile[pid=" + pid + ", address=" + address + ", startedAt=" + startedAt + "]";
    }
}
