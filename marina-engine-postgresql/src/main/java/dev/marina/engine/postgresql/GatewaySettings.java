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
    static final String MAX_PREPARED_STATEMENTS = "max_prepared_statements";
    static final String MAX_LAG_BYTES = "max_lag_bytes";
    static final String MAX_LAG_SECONDS = "max_lag_seconds";
    static final String READ_FALLBACK = "read_fallback";
    static final String FAILOVER_WAIT = "failover_wait_ms";
    static final String CLIENT_TLS = "client_tls_sslmode";

    /**
     * Clients must use TLS unless the spec says otherwise, as managed PostgreSQL services do: libpq and PgJDBC ask for
     * it by default ({@code sslmode=prefer}), so only a client that turned TLS off is refused, and told why.
     */
    static final String DEFAULT_CLIENT_TLS = "require";

    private static final String WHOLE_NUMBER = "[1-9][0-9]{0,%d}";

    static final Map<String, SettingRule> RULES = Map.ofEntries(
            Map.entry(POOL_MODE, new SettingRule("transaction|session", "transaction or session")),
            Map.entry(
                    POOL_SIZE,
                    new SettingRule(WHOLE_NUMBER.formatted(3), "a number of server connections from 1 to 9999")),
            Map.entry(MAX_CLIENTS, new SettingRule(WHOLE_NUMBER.formatted(5), "a number of clients from 1 to 999999")),
            Map.entry(IDLE_TIMEOUT, new SettingRule(WHOLE_NUMBER.formatted(5), "seconds, from 1 to 999999")),
            Map.entry(LIFETIME, new SettingRule(WHOLE_NUMBER.formatted(5), "seconds, from 1 to 999999")),
            Map.entry(
                    MAX_PREPARED_STATEMENTS,
                    new SettingRule(
                            WHOLE_NUMBER.formatted(4), "a number of statements per server connection, 1 to 99999")),
            Map.entry(MAX_LAG_BYTES, new SettingRule("0|" + WHOLE_NUMBER.formatted(12), "bytes, 0 or more")),
            Map.entry(MAX_LAG_SECONDS, new SettingRule("0|" + WHOLE_NUMBER.formatted(5), "seconds, from 0 to 999999")),
            Map.entry(READ_FALLBACK, new SettingRule("primary|error", "primary or error")),
            Map.entry(
                    FAILOVER_WAIT, new SettingRule("0|" + WHOLE_NUMBER.formatted(5), "milliseconds, from 0 to 999999")),
            Map.entry(
                    CLIENT_TLS, new SettingRule("disable|allow|prefer|require", "disable, allow, prefer or require")));

    private GatewaySettings() {}

    /** The gateway file's {@code pool} section from the spec's settings; absent ones take the gateway's defaults. */
    static Map<String, Object> pool(Map<String, String> config) {
        Map<String, Object> pool = new LinkedHashMap<>();
        putText(pool, "mode", config.get(POOL_MODE));
        putNumber(pool, "size", config.get(POOL_SIZE));
        putNumber(pool, "maxClients", config.get(MAX_CLIENTS));
        putNumber(pool, "idleTimeoutSeconds", config.get(IDLE_TIMEOUT));
        putNumber(pool, "lifetimeSeconds", config.get(LIFETIME));
        putNumber(pool, "maxPreparedStatements", config.get(MAX_PREPARED_STATEMENTS));
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

    /**
     * Whether the gateway offers TLS: every mode but {@code disable}. PgBouncer's {@code allow} and {@code prefer}
     * behave alike on the server's side (TLS for clients that ask), and so do they here.
     */
    static boolean servesTls(Map<String, String> config) {
        return !"disable".equals(clientTls(config));
    }

    /** The gateway file's {@code tls} section: the server certificate and key files, and whether TLS is required. */
    static Map<String, Object> tls(Map<String, String> config, String certificate, String key) {
        Map<String, Object> tls = new LinkedHashMap<>();
        tls.put("certificate", certificate);
        tls.put("key", key);
        tls.put("required", "require".equals(clientTls(config)));
        return tls;
    }

    private static String clientTls(Map<String, String> config) {
        return config.getOrDefault(CLIENT_TLS, DEFAULT_CLIENT_TLS);
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
