package dev.marina.server;

import java.nio.file.Path;
import java.util.Map;

/** {@code MARINA_HOME}, default {@code ~/.marina}: all of a control plane's state, so two homes never meet. */
final class MarinaHome {

    private MarinaHome() {}

    static Path resolve(Map<String, String> environment) {
        String configured = environment.get("MARINA_HOME");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        return Path.of(System.getProperty("user.home"), ".marina");
    }
}
