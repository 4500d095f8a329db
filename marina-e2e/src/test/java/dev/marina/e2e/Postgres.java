package dev.marina.e2e;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/** Opens JDBC connections from the libpq URLs Marina prints. */
final class Postgres {

    private Postgres() {}

    /** A connection to one {@code host:port} of a libpq URL, with the URL's user, password and database. */
    static Connection connect(String libpqUrl, String hostAndPort) throws SQLException {
        URI uri = URI.create(libpqUrl.replaceFirst("@[^/]+/", "@placeholder/"));
        String[] userInfo = uri.getRawUserInfo().split(":", 2);
        Properties properties = new Properties();
        properties.setProperty("user", URLDecoder.decode(userInfo[0], StandardCharsets.UTF_8));
        properties.setProperty("password", URLDecoder.decode(userInfo[1], StandardCharsets.UTF_8));
        properties.setProperty("connectTimeout", "5");
        properties.setProperty("sslmode", "disable");
        String database = uri.getPath().substring(1);
        return DriverManager.getConnection("jdbc:postgresql://" + hostAndPort + "/" + database, properties);
    }

    /** The hosts of a multi-host libpq URL. */
    static String[] hosts(String libpqUrl) {
        String afterAt = libpqUrl.substring(libpqUrl.indexOf('@') + 1);
        return afterAt.substring(0, afterAt.indexOf('/')).split(",");
    }
}
