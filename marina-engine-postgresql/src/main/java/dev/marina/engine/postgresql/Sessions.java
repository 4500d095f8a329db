package dev.marina.engine.postgresql;

import dev.marina.control.member.MemberContext;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/** Opens short-timeout JDBC sessions to a member as one of the cluster's users. */
final class Sessions {

    private Sessions() {}

    static Connection open(MemberContext member, String user, String credential, String database) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", member.credentials().password(credential));
        properties.setProperty("connectTimeout", "2");
        properties.setProperty("socketTimeout", "10");
        properties.setProperty("loginTimeout", "3");
        properties.setProperty("ApplicationName", "marina-control");
        properties.setProperty("sslmode", "disable");
        properties.setProperty("tcpKeepAlive", "true");
        String url = "jdbc:postgresql://" + member.endpoint().host() + ":"
                + member.endpoint().port(PostgresEngine.PORT) + "/" + database;
        return DriverManager.getConnection(url, properties);
    }
}
