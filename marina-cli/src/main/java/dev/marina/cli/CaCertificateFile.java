package dev.marina.cli;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Where the CLI keeps a cluster's CA certificate, {@code $MARINA_HOME/certs/<cluster>-ca.crt}, which connection URLs
 * name as {@code sslrootcert} so that clients verify the cluster's gateways. A certificate is public: the file is
 * readable by all, so that any local client can use the URL.
 *
 * @param path the file
 */
record CaCertificateFile(Path path) {

    CaCertificateFile {
        requireNonNull(path, "path is null");
    }

    static CaCertificateFile of(MarinaHome home, String cluster) {
        return new CaCertificateFile(home.directory().resolve("certs").resolve(cluster + "-ca.crt"));
    }

    /**
     * Writes {@code certificate} unless the file holds it already. A cluster deleted and created again under the same
     * name has a new authority, so the file follows what the control plane says.
     */
    void write(String certificate) {
        requireNonNull(certificate, "certificate is null");
        try {
            if (Files.isRegularFile(path)
                    && Files.readString(path, StandardCharsets.UTF_8).equals(certificate)) {
                return;
            }
            Files.createDirectories(path.getParent());
            Path temporary = path.resolveSibling("." + path.getFileName() + ".tmp");
            Files.writeString(temporary, certificate, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-r--r--"));
            Files.move(temporary, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw MarinaException.userError("cannot write the cluster's CA certificate to " + path + " ("
                    + e.getMessage() + "); make " + path.getParent()
                    + " writable, or connect with sslmode=require instead of verify-full");
        }
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
