package dev.marina.gateway.session;

import dev.marina.gateway.pool.PreparedStatements;
import dev.marina.gateway.session.Expected.Kind;
import io.netty.buffer.ByteBuf;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;

/**
 * Matches a server's answers to the messages they answer, so that the gateway knows when a server connection owes
 * nothing more (and can go back to the pool), which answers to hide (its own lazy Parses) and where to slot in the
 * answers it gives itself (a Parse of a statement the connection already has, a Close of a client's name).
 *
 * <p>PostgreSQL's rules: each Parse, Bind, Close, Describe and Execute is answered by one message (Describe of a
 * statement by two; Execute by rows then one); each Sync and simple Query ends with ReadyForQuery. After an error
 * in the extended protocol the server skips every message up to the next Sync, answering none of them.
 */
final class ResponseTracker {

    /** What to do with one server message. */
    enum Verdict {
        FORWARD,
        HIDE
    }

    private final Deque<Expected> expected = new ArrayDeque<>();
    private boolean serverSkipping;

    boolean isEmpty() {
        return expected.isEmpty();
    }

    /** True after an extended-protocol error until the client's next Sync: the server answers nothing meanwhile. */
    boolean serverSkipping() {
        return serverSkipping;
    }

    /**
     * Records a message sent to the server. While the server skips after an error, only a Sync is answered; the rest
     * is recorded as nothing.
     */
    void sent(Expected entry) {
        if (serverSkipping) {
            if (entry.kind() != Kind.SYNC) {
                release(entry);
                return;
            }
            serverSkipping = false;
        }
        expected.addLast(entry);
    }

    /** Records an answer the gateway gives itself; emitted at once when nothing before it is owed. */
    void synthetic(ByteBuf message, Consumer<ByteBuf> client) {
        if (serverSkipping) {
            message.release();
            return;
        }
        expected.addLast(Expected.synthetic(message));
        emitSynthetics(client);
    }

    /**
     * Judges one server message and pops what it completes; synthetic answers that become due go to {@code client}
     * after the message itself (the caller writes a FORWARD message before calling {@link #emitSynthetics}).
     */
    Verdict received(byte type, PreparedStatements prepared) {
        Expected head = expected.peekFirst();
        if (head == null) {
            // Asynchronous messages (notices, notifications, parameter changes) owe nothing to anything.
            return Verdict.FORWARD;
        }
        switch (type) {
            case '1' -> {
                if (head.kind() == Kind.PARSE || head.kind() == Kind.HIDDEN_PARSE) {
                    expected.pollFirst();
                    return head.kind() == Kind.HIDDEN_PARSE ? Verdict.HIDE : Verdict.FORWARD;
                }
                return Verdict.FORWARD;
            }
            case '2' -> popIf(Kind.BIND);
            case '3' -> {
                if (head.kind() == Kind.HIDDEN_CLOSE) {
                    expected.pollFirst();
                    return Verdict.HIDE;
                }
                popIf(Kind.CLOSE);
            }
            case 'T', 'n' -> popIf(Kind.DESCRIBE);
            case 'C', 'I', 's' -> popIf(Kind.EXECUTE);
            case 'Z' -> {
                if (head.endsWithReady()) {
                    expected.pollFirst();
                }
            }
            case 'E' -> failed(head, prepared);
            default -> {
                // Rows, copy data, descriptions of parameters, notices: part of an answer that is not over yet.
            }
        }
        return Verdict.FORWARD;
    }

    private void popIf(Kind kind) {
        if (expected.peekFirst() != null && expected.peekFirst().kind() == kind) {
            expected.pollFirst();
        }
    }

    private void failed(Expected head, PreparedStatements prepared) {
        if (head.endsWithReady()) {
            // A simple query's error, or one at Sync (a failed COMMIT): its ReadyForQuery still follows.
            return;
        }
        // The server now skips everything up to the next Sync: nothing in between will be answered.
        while (!expected.isEmpty() && expected.peekFirst().kind() != Kind.SYNC) {
            Expected dropped = expected.pollFirst();
            if (dropped.kind() == Kind.HIDDEN_CLOSE) {
                // Skipped, so still prepared there.
                prepared.add(dropped.serverStatement());
            } else if (dropped.serverStatement() != null) {
                prepared.remove(dropped.serverStatement());
            }
            release(dropped);
        }
        serverSkipping = expected.isEmpty();
    }

    /** Writes every synthetic answer now at the head. */
    void emitSynthetics(Consumer<ByteBuf> client) {
        while (!expected.isEmpty() && expected.peekFirst().kind() == Kind.SYNTHETIC) {
            client.accept(expected.pollFirst().synthetic());
        }
    }

    /** Forgets everything owed (the connection is gone or reset), freeing held answers. */
    void clear() {
        expected.forEach(ResponseTracker::release);
        expected.clear();
        serverSkipping = false;
    }

    private static void release(Expected entry) {
        if (entry.synthetic() != null) {
            entry.synthetic().release();
        }
    }
}
