package dev.marina.gateway.auth;

import static java.util.Objects.requireNonNull;

/**
 * A SCRAM exchange ended without authenticating. The message is safe to send to the peer in an ErrorResponse: it
 * never contains the password, keys, proofs or signatures, and never echoes the peer's input.
 *
 * <p>Checked on purpose: every caller is a protocol handler that must answer the peer (an ErrorResponse with {@link
 * #sqlState()}, then close) instead of letting the failure escape into Netty's generic exception handling, and the
 * compiler should make sure none forgets.
 */
public final class AuthenticationFailedException extends Exception {

    /** PostgreSQL's {@code invalid_password}: what it answers for a wrong SCRAM proof. */
    static final String INVALID_PASSWORD = "28P01";
    /** PostgreSQL's {@code protocol_violation}: what it answers for a malformed SCRAM message. */
    static final String PROTOCOL_VIOLATION = "08P01";
    /** PostgreSQL's {@code invalid_authorization_specification}. */
    static final String INVALID_AUTHORIZATION = "28000";

    private final String sqlState;

    private AuthenticationFailedException(String sqlState, String message, Throwable cause) {
        super(requireNonNull(message, "message is null"), cause);
        this.sqlState = requireNonNull(sqlState, "sqlState is null");
    }

    /** The client's proof does not match the verifier: it does not know the password. */
    static AuthenticationFailedException wrongPassword() {
        return new AuthenticationFailedException(INVALID_PASSWORD, "password authentication failed", null);
    }

    /** The peer sent something that is not a SCRAM-SHA-256 message we accept, or sent it at the wrong time. */
    static AuthenticationFailedException malformed(String detail) {
        return new AuthenticationFailedException(PROTOCOL_VIOLATION, "malformed SCRAM message: " + detail, null);
    }

    /**
     * The PostgreSQL server refused the gateway's login or failed to prove that it knows the password. The cause is
     * kept for the gateway's own log; it comes from the SCRAM library and holds no key material either.
     */
    static AuthenticationFailedException serverNotAuthenticated(String detail, Throwable cause) {
        return new AuthenticationFailedException(INVALID_AUTHORIZATION, detail, cause);
    }

    /** The SQLSTATE PostgreSQL itself would answer with, for the ErrorResponse the gateway sends. */
    public String sqlState() {
        return sqlState;
    }
}
