package dev.marina.gateway.pool;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.TreeMap;

/**
 * Server connections are shared only between clients that started them alike: same user, same database, same
 * startup settings (client_encoding, DateStyle, TimeZone, options, ...). A server connection started with a client's
 * own settings needs no SET before it is lent, and nothing a client asked for at startup leaks to another. The
 * application name is left out: clients name themselves in countless ways and the name changes no query's result.
 */
public record PoolKey(String user, String database, Map<String, String> settings) {

    public PoolKey {
        requireNonNull(user, "user is null");
        requireNonNull(database, "database is null");
        settings = java.util.Collections.unmodifiableMap(new TreeMap<>(settings));
    }

    /** The startup parameters a server connection of this pool is opened with. */
    public Map<String, String> startupParameters(String applicationName) {
        Map<String, String> parameters = new java.util.LinkedHashMap<>();
        parameters.put("user", user);
        parameters.put("database", database);
        parameters.put("application_name", applicationName);
        parameters.putAll(settings);
        return parameters;
    }
}
