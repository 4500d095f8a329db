package dev.marina.gateway.sql;

/**
 * What a statement does to transaction state, for routing the statement that opens a transaction. Reported only when the
 * text is that one statement; where transactions really begin and end the gateway learns from ReadyForQuery's status.
 */
public enum TransactionControl {
    /** Not a transaction-control statement (or not the only statement in the text). */
    NONE,
    /** {@code BEGIN} or {@code START TRANSACTION} with {@code READ ONLY}: the whole transaction can run on a replica. */
    BEGIN_READ_ONLY,
    /** {@code BEGIN} or {@code START TRANSACTION} without {@code READ ONLY}, or with modes this parser does not know. */
    BEGIN_READ_WRITE,
    /** {@code SET TRANSACTION READ ONLY}: the current transaction becomes read-only. */
    SET_TRANSACTION_READ_ONLY,
    /**
     * {@code SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY}: later transactions default to read-only. This is
     * session state, so {@link SessionEffects} pins the client as well.
     */
    SET_SESSION_READ_ONLY,
    /**
     * {@code COMMIT}, {@code END}, {@code ROLLBACK}, {@code ABORT} or {@code PREPARE TRANSACTION}: the session's
     * transaction ends. Not {@code ROLLBACK TO SAVEPOINT}, {@code COMMIT PREPARED} or {@code ROLLBACK PREPARED}.
     */
    END,
    /** {@code COMMIT AND CHAIN} or {@code ROLLBACK AND CHAIN}: one transaction ends and the next begins at once. */
    END_AND_CHAIN
}
