package dev.marina.gateway.session;

import static java.util.Objects.requireNonNull;

import dev.marina.gateway.pool.PreparedStatements;
import dev.marina.gateway.pool.ServerConnection;
import dev.marina.gateway.protocol.MessageReader;
import dev.marina.gateway.protocol.Messages;
import dev.marina.gateway.protocol.OutboundBatch;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What transaction pooling does to one client's statements: the extended protocol's statement names (Parse, Bind,
 * Describe, Close) and DEALLOCATE and DISCARD ALL translated between the client's names and the shared ones prepared
 * on whichever server connection the client holds ({@link ClientStatements}, the server's {@link
 * PreparedStatements}), lazily and within each connection's limit; and, from the same SQL, whether the client left
 * session state behind that no translation carries, which pins it to its server connection. With session pooling
 * names pass unchanged. Runs on the gateway's event loop only.
 */
final class StatementTranslator {

    private static final Logger LOG = LoggerFactory.getLogger(StatementTranslator.class);

    private final GatewayContext context;
    private final ResponseTracker tracker;
    private final Channel channel;
    private final OutboundBatch toClient;
    private final Consumer<ByteBuf> writeToClient;
    private final StatementScreen screen;
    private final ClientStatements statements;
    private String lastFactsSql;
    private QueryInspector.SessionFacts lastFacts;
    private boolean pinned;

    /**
     * @param writeToClient writes to {@code toClient}: the answers the gateway gives in the server's place, once the
     *     tracker says they are due
     */
    StatementTranslator(
            GatewayContext context,
            ResponseTracker tracker,
            Channel channel,
            OutboundBatch toClient,
            Consumer<ByteBuf> writeToClient) {
        this.context = requireNonNull(context, "context is null");
        this.tracker = requireNonNull(tracker, "tracker is null");
        this.channel = requireNonNull(channel, "channel is null");
        this.toClient = requireNonNull(toClient, "toClient is null");
        this.writeToClient = requireNonNull(writeToClient, "writeToClient is null");
        this.screen = new StatementScreen(context.inspector());
        this.statements = new ClientStatements(context.statementNames());
    }

    /** Whether the gateway maps client statement names to shared ones (transaction pooling) or passes them on. */
    boolean pooledStatements() {
        return context.config().pool().transactionPooling();
    }

    /** Whether the client keeps its server connection: its session holds state, or it pools by session. */
    boolean pinned() {
        return pinned;
    }

    void pin() {
        pinned = true;
    }

    StatementScreen screen() {
        return screen;
    }

    /** Lets go of every statement of the client: it left. */
    void clear() {
        statements.clear();
    }

    /** The SQL a Query, Parse or Bind (of a statement the client prepared) runs; null when it does not tell. */
    String queryOf(ByteBuf message) {
        int body = MessageReader.bodyStart(message);
        return switch (message.getByte(0)) {
            case 'Q' -> MessageReader.string(message, body);
            case 'P' -> MessageReader.string(message, MessageReader.skipString(message, body));
            case 'B' -> {
                String name = MessageReader.string(message, MessageReader.skipString(message, body));
                ClientStatement statement = statements.get(name);
                yield statement == null ? null : statement.query();
            }
            default -> null;
        };
    }

    // --- while the client holds no server connection ---

    /**
     * A named Parse outside a transaction needs no server: the gateway keeps the statement and prepares it on the
     * server connection the client's next transaction gets. A client that prepares synchronously while its other
     * connections hold servers in open transactions (pgbench -M prepared does) would otherwise wait for a server
     * that only it can free. PostgreSQL then judges the statement at its first Bind or Describe.
     */
    boolean parseWithoutServer(ByteBuf message) {
        if (!pooledStatements()) {
            return false;
        }
        int body = MessageReader.bodyStart(message);
        int queryStart = MessageReader.skipString(message, body);
        if (queryStart == body + 1) {
            return false;
        }
        remember(message, body, queryStart);
        toClient.write(Messages.parseComplete(channel.alloc()));
        return true;
    }

    /** Answers a Close of a client's statement itself; false for anything else. */
    boolean closeWithoutServer(ByteBuf message) {
        int body = MessageReader.bodyStart(message);
        if (message.getByte(body) == 'S' && pooledStatements()) {
            statements.remove(MessageReader.string(message, body + 1));
            message.release();
            toClient.write(Messages.closeComplete(channel.alloc()));
            return true;
        }
        return false;
    }

    /** Answers a lone DEALLOCATE or DISCARD ALL itself; false for any other Query. */
    boolean releaseWithoutServer(ByteBuf message) {
        if (!pooledStatements() || !mayReleaseStatements(message)) {
            return false;
        }
        String sql = MessageReader.string(message, MessageReader.bodyStart(message));
        QueryInspector.SessionFacts facts = facts(sql);
        Optional<String> deallocated = facts.deallocation();
        boolean discard = facts.discardsAll();
        if (deallocated.isEmpty() && !discard) {
            return false;
        }
        if (!discard && !deallocated.get().isEmpty() && !statements.containsKey(deallocated.get())) {
            // Not a statement of the client's: the server judges it (the name of an SQL PREPARE, or error 26000).
            return false;
        }
        message.release();
        if (discard || deallocated.get().isEmpty()) {
            statements.clear();
        } else {
            statements.remove(deallocated.get());
        }
        String tag = discard ? "DISCARD ALL" : deallocated.get().isEmpty() ? "DEALLOCATE ALL" : "DEALLOCATE";
        toClient.write(Messages.commandComplete(channel.alloc(), tag));
        toClient.write(Messages.readyForQuery(channel.alloc(), (byte) 'I'));
        return true;
    }

    /**
     * Whether a Query may be a lone DEALLOCATE or DISCARD ALL, which the gateway answers without a server: false when
     * it starts with another word, told from its first bytes without decoding it (the first Query of every
     * transaction comes here). Anything else (a comment, a quote, a parenthesis) is read in full.
     */
    private static boolean mayReleaseStatements(ByteBuf query) {
        return mayReleaseStatements(query, MessageReader.bodyStart(query), query.writerIndex());
    }

    /** The same, for the text from {@code index} to {@code end} of {@code query}. */
    static boolean mayReleaseStatements(ByteBuf query, int start, int end) {
        int index = start;
        while (index < end && isAsciiSpace(query.getByte(index))) {
            index++;
        }
        if (index >= end || !isAsciiLetter(query.getByte(index))) {
            return true;
        }
        byte first = (byte) (query.getByte(index) | 0x20);
        // DEALLOCATE and DISCARD both start with d; no other word can be either.
        return first == 'd';
    }

    private static boolean isAsciiSpace(byte character) {
        return character == ' ' || character == '\t' || character == '\n' || character == '\r' || character == '\f';
    }

    private static boolean isAsciiLetter(byte character) {
        return (character >= 'a' && character <= 'z') || (character >= 'A' && character <= 'Z');
    }

    private ClientStatement remember(ByteBuf message, int body, int queryStart) {
        String name = message.toString(body, queryStart - body - 1, StandardCharsets.UTF_8);
        String sql = MessageReader.string(message, queryStart);
        notePins(sql);
        byte[] rest = new byte[message.writerIndex() - queryStart];
        message.getBytes(queryStart, rest);
        message.release();
        return statements.prepare(name, rest, sql);
    }

    // --- on the server connection the client holds ---

    /**
     * Sends a Query, noting what it does to the session; a DEALLOCATE of the client's statements is answered by the
     * gateway ({@code status} is the transaction status its ReadyForQuery reports).
     */
    void query(ByteBuf message, ServerConnection server, byte status) {
        int text = MessageReader.bodyStart(message);
        if (!pooledStatements()) {
            // Rejects unterminated text, as with pooling.
            MessageReader.skipString(message, text);
        } else if (!screen.certainlyWithoutEffect(message, text, message.writerIndex())) {
            String sql = MessageReader.string(message, text);
            QueryInspector.SessionFacts facts = facts(sql);
            Optional<String> deallocated = facts.deallocation();
            if (deallocated.isPresent() && (deallocated.get().isEmpty() || statements.containsKey(deallocated.get()))) {
                message.release();
                if (deallocated.get().isEmpty()) {
                    statements.clear();
                } else {
                    statements.remove(deallocated.get());
                }
                String tag = deallocated.get().isEmpty() ? "DEALLOCATE ALL" : "DEALLOCATE";
                tracker.synthetic(Messages.commandComplete(channel.alloc(), tag), writeToClient);
                tracker.synthetic(Messages.readyForQuery(channel.alloc(), status), writeToClient);
                return;
            }
            if (facts.discardsAll()) {
                // The server forgets every prepared statement; so do the client and this connection.
                statements.clear();
                server.preparedStatements().clear();
            }
            notePins(sql);
        }
        send(server, message, Expected.of(Expected.Kind.QUERY));
    }

    /** The session facts of a statement; the last answer is kept, as a statement is often read twice. */
    private QueryInspector.SessionFacts facts(String sql) {
        if (!sql.equals(lastFactsSql)) {
            lastFacts = context.inspector().sessionFacts(sql);
            lastFactsSql = sql;
        }
        return lastFacts;
    }

    private void notePins(String sql) {
        if (!pinned && facts(sql).pins()) {
            pinned = true;
            LOG.debug("client {} keeps its server connection: its session holds state", channel.remoteAddress());
        }
    }

    void parse(ByteBuf message, ServerConnection server) {
        int body = MessageReader.bodyStart(message);
        int queryStart = MessageReader.skipString(message, body);
        if (!pooledStatements() || queryStart == body + 1) {
            if (!pooledStatements() || pinned) {
                // Rejects unterminated text, as the screening does.
                MessageReader.skipString(message, queryStart);
            } else if (!screen.certainlyWithoutEffect(message, queryStart, message.writerIndex())) {
                notePins(MessageReader.string(message, queryStart));
            }
            send(server, message, Expected.of(Expected.Kind.PARSE));
            return;
        }
        ClientStatement statement = remember(message, body, queryStart);
        String serverName = statement.serverName();
        byte[] rest = statement.body();
        if (server.preparedStatements().contains(serverName)) {
            tracker.synthetic(Messages.parseComplete(channel.alloc()), writeToClient);
            return;
        }
        prepareOnServer(server, serverName, rest, Expected.Kind.PARSE);
    }

    /** Prepares a client's statement on this connection when it is not there yet; answers are swallowed. */
    private String prepared(ServerConnection server, ClientStatement statement) {
        if (!server.preparedStatements().contains(statement.serverName())) {
            prepareOnServer(server, statement.serverName(), statement.body(), Expected.Kind.HIDDEN_PARSE);
        }
        return statement.serverName();
    }

    /**
     * Sends a Parse of a shared statement, first closing on the server the least recently used statements beyond
     * the limit (their CloseComplete is swallowed). An evicted statement that a message already sent in this
     * pipeline binds is still there when that message runs: the server works through the pipeline in order.
     */
    private void prepareOnServer(ServerConnection server, String serverName, byte[] rest, Expected.Kind kind) {
        if (tracker.serverSkipping()) {
            // The server skips to the next Sync after an error: it would skip this Parse too, and the statement would
            // be counted as prepared without being so.
            return;
        }
        PreparedStatements prepared = server.preparedStatements();
        for (String evicted : prepared.evictForOneMore(context.config().pool().maxPreparedStatements())) {
            tracker.sent(Expected.parse(Expected.Kind.HIDDEN_CLOSE, evicted));
            server.write(Messages.closeStatement(channel.alloc(), evicted));
        }
        prepared.add(serverName);
        tracker.sent(Expected.parse(kind, serverName));
        server.write(parseMessage(serverName, rest));
    }

    private ByteBuf parseMessage(String serverName, byte[] rest) {
        ByteBuf parse = channel.alloc().buffer(6 + serverName.length() + rest.length);
        parse.writeByte('P').writeInt(0);
        Messages.writeString(parse, serverName);
        parse.writeBytes(rest);
        parse.setInt(1, parse.readableBytes() - 1);
        return parse;
    }

    void bind(ByteBuf message, ServerConnection server) {
        if (!pooledStatements()) {
            send(server, message, Expected.of(Expected.Kind.BIND));
            return;
        }
        int body = MessageReader.bodyStart(message);
        int statementStart = MessageReader.skipString(message, body);
        int rest = MessageReader.skipString(message, statementStart);
        String name = message.toString(statementStart, rest - statementStart - 1, StandardCharsets.UTF_8);
        ClientStatement statement = name.isEmpty() ? null : statements.get(name);
        if (statement == null) {
            send(server, message, Expected.of(Expected.Kind.BIND));
            return;
        }
        String serverName = prepared(server, statement);
        ByteBuf bind = channel.alloc().buffer(message.readableBytes() + serverName.length());
        bind.writeByte('B').writeInt(0);
        bind.writeBytes(message, body, statementStart - body);
        Messages.writeString(bind, serverName);
        bind.writeBytes(message, rest, message.writerIndex() - rest);
        bind.setInt(1, bind.readableBytes() - 1);
        message.release();
        send(server, bind, Expected.of(Expected.Kind.BIND));
    }

    void describe(ByteBuf message, ServerConnection server) {
        int body = MessageReader.bodyStart(message);
        if (!pooledStatements() || message.getByte(body) != 'S') {
            send(server, message, Expected.of(Expected.Kind.DESCRIBE));
            return;
        }
        ClientStatement statement = statements.get(MessageReader.string(message, body + 1));
        if (statement == null) {
            send(server, message, Expected.of(Expected.Kind.DESCRIBE));
            return;
        }
        message.release();
        String serverName = prepared(server, statement);
        ByteBuf describe = channel.alloc().buffer(7 + serverName.length());
        describe.writeByte('D').writeInt(0).writeByte('S');
        Messages.writeString(describe, serverName);
        describe.setInt(1, describe.readableBytes() - 1);
        send(server, describe, Expected.of(Expected.Kind.DESCRIBE));
    }

    void closeStatement(ByteBuf message, ServerConnection server) {
        int body = MessageReader.bodyStart(message);
        if (pooledStatements() && message.getByte(body) == 'S') {
            String name = MessageReader.string(message, body + 1);
            if (statements.remove(name) != null || !name.isEmpty()) {
                // The shared statement stays on the server for other clients; the client's name is gone.
                message.release();
                tracker.synthetic(Messages.closeComplete(channel.alloc()), writeToClient);
                return;
            }
        }
        send(server, message, Expected.of(Expected.Kind.CLOSE));
    }

    private void send(ServerConnection server, ByteBuf message, Expected expected) {
        tracker.sent(expected);
        server.write(message);
    }
}
