package dev.marina.testkit.chaos;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Opens PgJDBC connections that give up quickly, so that a dead or frozen member costs a chaos run seconds, not
 * minutes. Parameters in the URL win over these defaults (PgJDBC reads the URL last).
 */
final class PostgresConnections {

    /** A refused or unanswered TCP connect. */
    static final String CONNECT_TIMEOUT_SECONDS = "1";

    /** A frozen member keeps its sockets open and answers nothing; a statement waits this long for it. */
    static final String SOCKET_TIMEOUT_SECONDS = "3";

    /**
     * The whole connection attempt, over every host of a multi-host URL. Longer than one socket timeout, so that a
     * frozen host early in the list still leaves time to reach the primary behind it.
     */
    static final String LOGIN_TIMEOUT_SECONDS = "5";

    /**
     * How long PgJDBC trusts what it learned about a host (primary, secondary, down). Its default of 10 s keeps a
     * just-promoted member, last seen as a secondary, out of the candidates while the frozen old primary is still
     * believed primary: the chaos run would then measure the driver's cache instead of the failover.
     */
    static final String HOST_RECHECK_SECONDS = "1";

    private PostgresConnections() {}

    static Connection open(String url, String user, String password) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        properties.setProperty("connectTimeout", CONNECT_TIMEOUT_SECONDS);
        properties.setProperty("socketTimeout", SOCKET_TIMEOUT_SECONDS);
        properties.setProperty("loginTimeout", LOGIN_TIMEOUT_SECONDS);
        properties.setProperty("hostRecheckSeconds", HOST_RECHECK_SECONDS);
        // Local members speak plain TCP; the SSL request would be one more round trip to time out on.
        properties.setProperty("sslmode", "disable");
        properties.setProperty("ApplicationName", "marina-chaos");
        Connection connection = DriverManager.getConnection(url, properties);
        connection.setAutoCommit(true);
        return connection;
    }
}
