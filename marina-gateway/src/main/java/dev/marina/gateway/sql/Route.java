package dev.marina.gateway.sql;

/** Where a statement may run. Anything the gateway cannot prove read-only is {@link #WRITE}. */
public enum Route {
    /** Provably read-only: a replica can run it. */
    READ,
    /** Writes, or might: the primary runs it. */
    WRITE
}
