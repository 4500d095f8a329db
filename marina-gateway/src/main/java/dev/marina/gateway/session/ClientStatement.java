package dev.marina.gateway.session;

/**
 * A statement a client prepared under its own name: the shared server-side name, the Parse body to prepare it again
 * on whichever server connection the client gets next, and the query text for routing.
 */
record ClientStatement(String serverName, byte[] body, String query) {}
