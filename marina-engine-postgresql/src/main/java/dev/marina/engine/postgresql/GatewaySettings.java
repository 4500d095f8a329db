package dev.marina.engine.postgresql;

import dev.marina.api.EngineDescription.SettingRule;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The settings a cluster's gateway takes in {@code spec.components.gateway.config}, named as PgBouncer names them
 * where it has the same setting, and how each lands in the gateway's own configuration file.
 */
final class GatewaySettings {

    static final String POOL_MODE = "pool_mode";
    static final String POOL_SIZE = "default_pool_size";
    static final String MAX_CLIENTS = "max_client_conn";
    static final String IDLE_TIMEOUT = "server_idle_timeout";
    static final String LIFETIME = "server_lifetime";
    static final String MAX_LAG_BYTES = "max_lag_bytes";
    static final String MAX_LAG_SECONDS = "max_lag_seconds";
    static final String READ_FALLBACK = "read_fallback";
    static final String FAILOVER_WAIT = "failover_wait_ms";

    private static final String WHOLE_NUMBER = "[1-9][0-9]{0,%d}";

    static final Map<String, SettingRule> RULES = Map.of(
            POOL_MODE, new SettingRule("transaction|session", "transaction or session"),
            POOL_SIZE, new SettingRule(WHOLE_NUMBER.formatted(3), "a number of server connections from 1 to 9999"),
            MAX_CLIENTS, new SettingRule(WHOLE_NUMBER.formatted(5), "a number of clients from 1 to 999999"),
            IDLE_TIMEOUT, new SettingRule(WHOLE_NUMBER.formatted(5), "seconds, from 1 to 999999"),
            LIFETIME, new SettingRule(WHOLE_NUMBER.formatted(5), "seconds, from 1 to 999999"),
            MAX_LAG_BYTES, new SettingRule("0|" + WHOLE_NUMBER.formatted(12), "bytes, 0 or more"),
            MAX_LAG_SECONDS, new SettingRule("0|" + WHOLE_NUMBER.formatted(5), "seconds, from 0 to 999999"),
            READ_FALLBACK, new SettingRule("primary|error", "primary or error"),
            FAILOVER_WAIT, new SettingRule("0|" + WHOLE_NUMBER.formatted(5), "milliseconds, from 0 to 999999"));

    private GatewaySettings() {}

    /** The gateway file's {@code pool} section from the spec's settings; absent ones take the gateway's defaults. */
    static Map<String, Object> pool(Map<String, String> config) {
        Map<String, Object> pool = new LinkedHashMap<>();
        putText(pool, "mode", config.get(POOL_MODE));
        putNumber(pool, "size", config.get(POOL_SIZE));
        putNumber(pool, "maxClients", config.get(MAX_CLIENTS));
        putNumber(pool, "idleTimeoutSeconds", config.get(IDLE_TIMEOUT));
        putNumber(pool, "lifetimeSeconds", config.get(LIFETIME));
        return pool;
    }

    /** The gateway file's {@code routing} section. */
    static Map<String, Object> routing(Map<String, String> config) {
        Map<String, Object> routing = new LinkedHashMap<>();
        putNumber(routing, "maxLagBytes", config.get(MAX_LAG_BYTES));
        putNumber(routing, "maxLagSeconds", config.get(MAX_LAG_SECONDS));
        putText(routing, "readFallback", config.get(READ_FALLBACK));
        putNumber(routing, "failoverWaitMillis", config.get(FAILOVER_WAIT));
        return routing;
    }

    private static void putText(Map<String, Object> section, String key, String value) {
        if (value != null) {
            section.put(key, value);
        }
    }

    private static void putNumber(Map<String, Object> section, String key, String value) {
        if (value != null) {
            section.put(key, Long.parseLong(value));
        }
    }
}
