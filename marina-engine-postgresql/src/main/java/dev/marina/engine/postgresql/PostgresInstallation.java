package dev.marina.engine.postgresql;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where a PostgreSQL version's programs are: Debian's layout ({@code /usr/lib/postgresql/<version>/bin}) by default,
 * which is also the official container image's. {@code MARINA_POSTGRESQL_BIN} overrides it for other layouts.
 */
public record PostgresInstallation(Path override) {

    public static PostgresInstallation fromEnvironment(Map<String, String> environment) {
        String value = environment.get("MARINA_POSTGRESQL_BIN");
        return new PostgresInstallation(value == null || value.isBlank() ? null : Path.of(value));
    }

    public Path binaries(String version) {
        return override != null ? override : Path.of("/usr/lib/postgresql", version, "bin");
    }

    public String program(String version, String name) {
        return binaries(version).resolve(name).toString();
    }

    public static String installHint(String version) {
        return "install it with: apt-get install -y postgresql-" + version + " (as root), or set MARINA_POSTGRESQL_BIN";
    }
}
