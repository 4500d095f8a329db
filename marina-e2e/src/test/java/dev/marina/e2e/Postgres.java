package dev.marina.e2e;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/** Opens JDBC connections from the libpq URLs Marina prints. */
final class Postgres {

    private Postgres() {}

    /**
     * A connection to one {@code host:port} of a libpq URL, with the URL's user, password, database and TLS settings
     * ({@code sslmode}, {@code sslrootcert}: a gateway requires TLS by default, and the URL says how to verify it).
     */
    static Connection connect(String libpqUrl, String hostAndPort) throws SQLException {
        URI uri = URI.create(libpqUrl.replaceFirst("@[^/]+/", "@placeholder/"));
        String[] userInfo = uri.getRawUserInfo().split(":", 2);
        Map<String, String> parameters = parameters(uri.getRawQuery());
        Properties properties = new Properties();
        properties.setProperty("user", URLDecoder.decode(userInfo[0], StandardCharsets.UTF_8));
        properties.setProperty("password", URLDecoder.decode(userInfo[1], StandardCharsets.UTF_8));
        properties.setProperty("connectTimeout", "5");
        properties.setProperty("sslmode", parameters.getOrDefault("sslmode", "disable"));
        if (parameters.containsKey("sslrootcert")) {
            properties.setProperty("sslrootcert", parameters.get("sslrootcert"));
        }
        String database = uri.getPath().substring(1);
        return DriverManager.getConnection("jdbc:postgresql://" + hostAndPort + "/" + database, properties);
    }

    private static Map<String, String> parameters(String rawQuery) {
        Map<String, String> parameters = new HashMap<>();
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                String[] keyAndValue = pair.split("=", 2);
                parameters.put(
                        keyAndValue[0],
                        keyAndValue.length == 2 ? URLDecoder.decode(keyAndValue[1], StandardCharsets.UTF_8) : "");
            }
        }
        return parameters;
    }

    /** The hosts of a multi-host libpq URL. */
    static String[] hosts(String libpqUrl) {
        String afterAt = libpqUrl.substring(libpqUrl.indexOf('@') + 1);
        return afterAt.substring(0, afterAt.indexOf('/')).split(",");
    }
}
