package dev.marina.gateway.session;

import static java.util.Objects.requireNonNull;

import dev.marina.gateway.pool.ServerConnection;
import io.netty.buffer.ByteBuf;

/**
 * Forwards a client's messages that go to its server unchanged straight from the read buffer the event loop's
 * connections share, as {@link ClientSession} would forward a message of its own: most messages of a transaction
 * then cost no buffer of their own. What the gateway must look into or rewrite (a client's statement name, SQL that
 * may have a session effect) takes the usual way. Runs on the gateway's event loop only.
 */
final class InPlaceForwarder {

    private final ResponseTracker tracker;
    private final StatementTranslator translator;

    InPlaceForwarder(ResponseTracker tracker, StatementTranslator translator) {
        this.tracker = requireNonNull(tracker, "tracker is null");
        this.translator = requireNonNull(translator, "translator is null");
    }

    /**
     * Whether the frame may start a transaction in place: a Query the gateway would not answer itself (a lone
     * DEALLOCATE or DISCARD ALL), or an unnamed Parse.
     */
    static boolean startsTransaction(ByteBuf buffer, int start, int length) {
        int body = start + 5;
        return switch (buffer.getByte(start)) {
            case 'Q' -> !StatementTranslator.mayReleaseStatements(buffer, body, start + length);
            case 'P' -> length > 5 && buffer.getByte(body) == 0;
            default -> false;
        };
    }

    /**
     * Sends the frame to {@code server} where it lies and notes what is owed; false, having done nothing, for a
     * message the gateway must look into or rewrite.
     */
    boolean forward(ServerConnection server, ByteBuf buffer, int start, int length) {
        byte type = buffer.getByte(start);
        int body = start + 5;
        int end = start + length;
        Expected expected;
        switch (type) {
            case 'E' -> expected = Expected.of(Expected.Kind.EXECUTE);
            case 'S' -> expected = Expected.of(Expected.Kind.SYNC);
            case 'F' -> expected = Expected.of(Expected.Kind.FUNCTION_CALL);
            case 'H', 'd', 'c', 'f' -> expected = null;
            case 'B' -> {
                // A named statement's name is the client's, which the gateway translates.
                int statementStart = buffer.indexOf(body, end, (byte) 0) + 1;
                if (statementStart == 0
                        || statementStart >= end
                        || (translator.pooledStatements() && buffer.getByte(statementStart) != 0)) {
                    return false;
                }
                expected = Expected.of(Expected.Kind.BIND);
            }
            case 'D' -> {
                if (length < 6 || (translator.pooledStatements() && buffer.getByte(body) == 'S')) {
                    return false;
                }
                expected = Expected.of(Expected.Kind.DESCRIBE);
            }
            case 'Q' -> {
                if (!translator.pooledStatements() || !translator.screen().certainlyWithoutEffect(buffer, body, end)) {
                    return false;
                }
                expected = Expected.of(Expected.Kind.QUERY);
            }
            case 'P' -> {
                // Only the unnamed statement: a named one is remembered under the gateway's name for it.
                if (!translator.pooledStatements()
                        || length < 6
                        || buffer.getByte(body) != 0
                        || (!translator.pinned()
                                && !translator.screen().certainlyWithoutEffect(buffer, body + 1, end))) {
                    return false;
                }
                if (translator.pinned() && buffer.indexOf(body + 1, end, (byte) 0) < 0) {
                    return false;
                }
                expected = Expected.of(Expected.Kind.PARSE);
            }
            default -> {
                return false;
            }
        }
        if (expected != null) {
            tracker.sent(expected);
        }
        server.write(buffer, start, length);
        return true;
    }
}
