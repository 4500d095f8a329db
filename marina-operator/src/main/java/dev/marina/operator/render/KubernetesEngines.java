package dev.marina.operator.render;

import dev.marina.control.engine.Engine;
import dev.marina.engine.postgresql.GatewayProgram;
import dev.marina.engine.postgresql.PostgresEngine;
import dev.marina.engine.postgresql.PostgresInstallation;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The engines as they run in the Marina image: PostgreSQL's programs where the official image has them (Debian's
 * layout, never this process's {@code MARINA_POSTGRESQL_BIN}), and gateways run by the image's JRE from its jar.
 */
public final class KubernetesEngines {

    private KubernetesEngines() {}

    public static PostgresEngine postgresql() {
        return new PostgresEngine(
                new PostgresInstallation(null),
                Optional.of(
                        GatewayProgram.of(MarinaImage.JAVA, MarinaImage.JAR, KubernetesLayout.CONTROL_PLANE_ADDRESS)));
    }

    /** Every engine by name. */
    public static Map<String, Engine> all() {
        Map<String, Engine> engines = new TreeMap<>();
        engines.put(PostgresEngine.NAME, postgresql());
        return engines;
    }
}
