package dev.marina.api;

import dev.marina.api.EngineDescription.ComponentDescription;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Engine descriptions for API tests: a PostgreSQL-like engine shaped like the real one, so validation is tested
 * without depending on an engine module, and a second engine so messages that list engines have more than one name.
 */
public final class TestEngines {

    public static final String POSTGRESQL = "postgresql";
    public static final String POSTGRES = "postgres";
    /** An optional component, so removing a component from an existing cluster can be tested. */
    public static final String GATEWAY = "gateway";

    public static final int MIN_REPLICAS = 1;
    public static final int MAX_REPLICAS = 9;
    public static final int DEFAULT_REPLICAS = 3;

    /** Settings the PostgreSQL engine renders itself: where it listens, where its files are, how it replicates. */
    public static final Set<String> POSTGRES_MANAGED_SETTINGS = Set.of(
            "port",
            "listen_addresses",
            "unix_socket_directories",
            "data_directory",
            "config_file",
            "hba_file",
            "ident_file",
            "primary_conninfo",
            "primary_slot_name",
            "synchronous_standby_names",
            "restore_command",
            "recovery_target_timeline");

    private TestEngines() {}

    public static EngineDescription postgresql() {
        Map<String, ComponentDescription> components = new LinkedHashMap<>();
        components.put(
                POSTGRES,
                new ComponentDescription(
                        true, MIN_REPLICAS, MAX_REPLICAS, DEFAULT_REPLICAS, POSTGRES_MANAGED_SETTINGS));
        components.put(GATEWAY, new ComponentDescription(false, 1, 3, 1, Set.of("listen_port")));
        return new EngineDescription(POSTGRESQL, List.of("15"), components);
    }

    public static EngineDescription etcd() {
        return new EngineDescription(
                "etcd", List.of("3.5"), Map.of("etcd", new ComponentDescription(true, 1, 7, 3, Set.of("data-dir"))));
    }

    /** The catalog most tests use: PostgreSQL and etcd. */
    public static EngineCatalog catalog() {
        return EngineCatalog.of(List.of(etcd(), postgresql()));
    }
}
