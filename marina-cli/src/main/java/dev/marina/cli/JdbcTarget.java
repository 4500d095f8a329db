package dev.marina.cli;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * A PostgreSQL JDBC URL with its user and password, made from the libpq URL the control plane hands out
 * ({@code postgresql://user:password@h1:p1,h2:p2/db?target_session_attrs=read-write}). PgJDBC reads neither the user
 * information part nor {@code target_session_attrs}, so both are translated: credentials become properties, and the
 * session target becomes {@code targetServerType}.
 *
 * @param url the JDBC URL, without credentials
 * @param user the user, decoded, or {@code null}
 * @param password the password, decoded, or {@code null}
 */
public record JdbcTarget(String url, String user, String password) {

    /** libpq parameters whose PgJDBC name differs; others are passed on as they are. */
    private static final Map<String, String> RENAMED =
            Map.of("application_name", "ApplicationName", "connect_timeout", "connectTimeout");

    public JdbcTarget {
        requireNonNull(url, "url is null");
    }

    /**
     * @param libpqUrl a {@code postgresql://} or {@code postgres://} URL
     * @param readOnly {@code true} to prefer a replica ({@code preferSecondary}), {@code false} to require the primary
     * @throws IllegalArgumentException when {@code libpqUrl} is not such a URL
     */
    public static JdbcTarget fromLibpqUrl(String libpqUrl, boolean readOnly) {
        requireNonNull(libpqUrl, "libpqUrl is null");
        String rest;
        if (libpqUrl.startsWith("postgresql://")) {
            rest = libpqUrl.substring("postgresql://".length());
        } else if (libpqUrl.startsWith("postgres://")) {
            rest = libpqUrl.substring("postgres://".length());
        } else {
            // Only the scheme is shown: the rest may hold a password.
            throw new IllegalArgumentException("not a PostgreSQL URL (it must start with postgresql://)");
        }
        int fragment = rest.indexOf('#');
        if (fragment >= 0) {
            rest = rest.substring(0, fragment);
        }
        int authorityEnd = firstOf(rest, '/', '?');
        String authority = rest.substring(0, authorityEnd);
        String afterAuthority = rest.substring(authorityEnd);
        int at = authority.lastIndexOf('@');
        String userInformation = at < 0 ? null : authority.substring(0, at);
        String hosts = at < 0 ? authority : authority.substring(at + 1);
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException("the PostgreSQL URL names no host");
        }
        int queryStart = afterAuthority.indexOf('?');
        String path = queryStart < 0 ? afterAuthority : afterAuthority.substring(0, queryStart);
        String query = queryStart < 0 ? "" : afterAuthority.substring(queryStart + 1);
        String database = path.startsWith("/") ? path.substring(1) : path;

        String user = null;
        String password = null;
        if (userInformation != null) {
            int colon = userInformation.indexOf(':');
            user = PercentDecoding.decode(colon < 0 ? userInformation : userInformation.substring(0, colon));
            password = colon < 0 ? null : PercentDecoding.decode(userInformation.substring(colon + 1));
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String key = PercentDecoding.decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            switch (key) {
                case "user" -> user = PercentDecoding.decode(value);
                case "password" -> password = PercentDecoding.decode(value);
                case "target_session_attrs" -> {
                    // Replaced below by targetServerType, which says the same in PgJDBC's words.
                }
                default -> parameters.put(RENAMED.getOrDefault(key, key), value);
            }
        }
        parameters.put("targetServerType", readOnly ? "preferSecondary" : "primary");
        List<String> pairs = new ArrayList<>();
        parameters.forEach((key, value) -> pairs.add(key + "=" + value));
        String url = "jdbc:postgresql://" + hosts + "/" + database + "?" + String.join("&", pairs);
        return new JdbcTarget(url, user == null || user.isEmpty() ? null : user, password);
    }

    /** The properties to pass to {@code DriverManager.getConnection} with {@link #url()}. */
    public Properties properties() {
        Properties properties = new Properties();
        if (user != null) {
            properties.setProperty("user", user);
        }
        if (password != null) {
            properties.setProperty("password", password);
        }
        return properties;
    }

    @Override
    public String toString() {
        return "JdbcTarget[url=" + url + ", user=" + user + ", password=" + (password == null ? "none" : "****") + "]";
    }

    private static int firstOf(String text, char first, char second) {
        int a = text.indexOf(first);
        int b = text.indexOf(second);
        if (a < 0) {
            return b < 0 ? text.length() : b;
        }
        return b < 0 ? a : Math.min(a, b);
    }
}
