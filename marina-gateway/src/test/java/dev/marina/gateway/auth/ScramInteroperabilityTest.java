package dev.marina.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Real PostgreSQL clients against a verifier from {@link ScramVerifier#of}: pgjdbc (which shades the same SCRAM
 * library, set up its own way) and libpq through psql (PostgreSQL's own C implementation of SCRAM and SASLprep, and
 * the empty user name it sends), each through {@link FakePostgresServer}.
 */
class ScramInteroperabilityTest {

    private final SecureRandom random = new SecureRandom();

    @Test
    void pgjdbcLogsInWithTheRightPassword() throws Exception {
        try (FakePostgresServer server = new FakePostgresServer(ScramVerifier.of("pencil", random));
                Connection connection = connect(server, "pencil")) {
            assertThat(connection.isClosed()).isFalse();
            assertThat(server.nextOutcome()).isEqualTo(FakePostgresServer.AUTHENTICATED);
        }
    }

    @Test
    void pgjdbcIsRefusedWithAWrongPassword() throws Exception {
        try (FakePostgresServer server = new FakePostgresServer(ScramVerifier.of("pencil", random))) {
            assertThatThrownBy(() -> connect(server, "crayon").close())
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("password authentication failed")
                    .extracting(error -> ((SQLException) error).getSQLState())
                    .isEqualTo("28P01");
            assertThat(server.nextOutcome()).isEqualTo("password authentication failed");
        }
    }

    @Test
    void psqlLogsInWithTheRightPassword() throws Exception {
        try (FakePostgresServer server = new FakePostgresServer(ScramVerifier.of("pencil", random))) {
            PsqlRun run = psql(server, "pencil");
            assertThat(run.succeeded()).as(run.output()).isTrue();
            assertThat(server.nextOutcome()).isEqualTo(FakePostgresServer.AUTHENTICATED);
        }
    }

    @Test
    void psqlIsRefusedWithAWrongPassword() throws Exception {
        try (FakePostgresServer server = new FakePostgresServer(ScramVerifier.of("pencil", random))) {
            PsqlRun run = psql(server, "crayon");
            assertThat(run.succeeded()).isFalse();
            assertThat(run.output()).contains("FATAL:  password authentication failed");
            assertThat(server.nextOutcome()).isEqualTo("password authentication failed");
        }
    }

    @Test
    void psqlPreparesPasswordsTheWayTheVerifierDoes() throws Exception {
        // libpq's own SASLprep: the soft hyphen maps to nothing, "Ⅸ" normalizes to "IX", and a prohibited
        // character (U+2028) makes both sides fall back to the raw password.
        for (String[] passwords :
                new String[][] {{"pen\u00ADcil", "pencil"}, {"\u2168", "IX"}, {"a\u2028b", "a\u2028b"}}) {
            try (FakePostgresServer server = new FakePostgresServer(ScramVerifier.of(passwords[1], random))) {
                PsqlRun run = psql(server, passwords[0]);
                assertThat(run.succeeded())
                        .as("psql with %s: %s", passwords[1], run.output())
                        .isTrue();
                assertThat(server.nextOutcome()).isEqualTo(FakePostgresServer.AUTHENTICATED);
            }
        }
    }

    private static Connection connect(FakePostgresServer server, String password) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", "alice");
        properties.setProperty("password", password);
        properties.setProperty("sslmode", "disable");
        properties.setProperty("gssEncMode", "disable");
        // Without it pgjdbc would send "SET extra_float_digits = 3", which this fake server cannot answer.
        properties.setProperty("assumeMinServerVersion", "9.0");
        properties.setProperty("connectTimeout", "30");
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + server.port() + "/app", properties);
    }

    private record PsqlRun(int exitCode, String output) {
        boolean succeeded() {
            return exitCode == 0;
        }
    }

    /** Runs psql without any script against the server; skips the test where psql is not installed. */
    private static PsqlRun psql(FakePostgresServer server, String password) throws IOException, InterruptedException {
        Optional<Path> psql = Arrays.stream(
                        System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .map(directory -> Path.of(directory, "psql"))
                .filter(Files::isExecutable)
                .findFirst();
        assumeTrue(psql.isPresent(), "psql is not installed");
        ProcessBuilder builder = new ProcessBuilder(List.of(
                        psql.get().toString(),
                        "--no-psqlrc",
                        "--no-password",
                        "--file=/dev/null",
                        "host=127.0.0.1 port=" + server.port()
                                + " user=alice dbname=app sslmode=disable gssencmode=disable connect_timeout=30"))
                .redirectErrorStream(true);
        builder.environment().put("PGPASSWORD", password);
        builder.environment().put("PGCLIENTENCODING", "UTF8");
        Process process = builder.start();
        process.getOutputStream().close();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("psql did not finish within 60 seconds");
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new PsqlRun(process.exitValue(), output);
    }
}
