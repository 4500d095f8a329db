package dev.marina.gateway.protocol;

/** The SQLSTATE codes the gateway itself answers with (PostgreSQL's meanings, so clients react as they would). */
public final class SqlStates {

    public static final String PROTOCOL_VIOLATION = "08P01";
    public static final String CONNECTION_FAILURE = "08006";
    public static final String CANNOT_CONNECT_NOW = "57P03";
    public static final String ADMIN_SHUTDOWN = "57P01";
    public static final String INVALID_PASSWORD = "28P01";
    public static final String INVALID_AUTHORIZATION = "28000";
    public static final String TOO_MANY_CONNECTIONS = "53300";
    public static final String FEATURE_NOT_SUPPORTED = "0A000";
    public static final String PROGRAM_LIMIT_EXCEEDED = "54000";
    public static final String READ_ONLY_TRANSACTION = "25006";

    private SqlStates() {}
}
