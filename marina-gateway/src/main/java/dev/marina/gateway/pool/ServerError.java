package dev.marina.gateway.pool;

/**
 * Why a server connection could not be had: the server's own error (a FATAL from its startup, passed on to the client
 * as it is), or the gateway's (refused, timed out, no such member).
 */
public final class ServerError extends RuntimeException {

    private final String severity;
    private final String sqlState;
    private final boolean fromServer;

    public ServerError(String severity, String sqlState, String message, boolean fromServer) {
        super(message);
        this.severity = severity;
        this.sqlState = sqlState;
        this.fromServer = fromServer;
    }

    public String severity() {
        return severity;
    }

    public String sqlState() {
        return sqlState;
    }

    /** True when PostgreSQL said no (a bad database, parameter or role): retrying elsewhere would not help. */
    public boolean fromServer() {
        return fromServer;
    }
}
