package dev.marina.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marina.control.store.ClusterStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A store written by an older Marina opens in this one with its data, in the shape this one needs. */
class EmbeddedStoreUpgradeTest {

    @TempDir
    Path home;

    @Test
    void secretsFromBeforeCertificatesAreKeptAndCertificatesFit() throws Exception {
        Path directory = Files.createDirectories(home.resolve("store"));
        try (Connection old = DriverManager.getConnection(
                        "jdbc:h2:file:" + directory.resolve("marina").toAbsolutePath(), "marina", "");
                Statement statement = old.createStatement()) {
            statement.execute("CREATE TABLE secrets (cluster VARCHAR(64), secret_key VARCHAR(64),"
                    + " secret_value VARCHAR(256) NOT NULL, PRIMARY KEY (cluster, secret_key))");
            statement.execute("INSERT INTO secrets VALUES ('demo', 'superuser', 's3cret')");
        }
        String certificate = "-----BEGIN CERTIFICATE-----\n" + "A".repeat(2000) + "\n-----END CERTIFICATE-----\n";

        try (ClusterStore store = EmbeddedStore.open(home, Clock.systemUTC())) {
            store.saveSecret("demo", "tls-authority", certificate);

            assertThat(store.secret("demo", "superuser")).contains("s3cret");
            assertThat(store.secret("demo", "tls-authority")).contains(certificate);
        }
    }
}
