package dev.marina.gateway.session;

import static java.util.Objects.requireNonNull;

import dev.marina.gateway.pool.ServerConnection;
import dev.marina.gateway.pool.ServerListener;
import dev.marina.gateway.pool.ServerPool;
import dev.marina.gateway.protocol.FrameDecoder;
import dev.marina.gateway.protocol.Messages;
import dev.marina.gateway.protocol.OutboundBatch;
import dev.marina.gateway.protocol.ProtocolException;
import dev.marina.gateway.protocol.SqlStates;
import dev.marina.gateway.routing.Route;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection: its login, then its transactions, each on a server connection borrowed for just that long
 * (transaction pooling) or for the whole session (session pooling, or once the client left session state behind).
 * The session owns the client's state, its queued messages and the server it holds; its login ({@link ClientLogin}),
 * the borrowing of a server ({@link ServerBorrowing}), the translation of statement names ({@link
 * StatementTranslator}) and the forwarding of messages where they lie ({@link InPlaceForwarder}) are classes of their
 * own. Runs on the gateway's event loop only.
 */
public final class ClientSession extends ChannelInboundHandlerAdapter implements ServerListener {

    private static final Logger LOG = LoggerFactory.getLogger(ClientSession.class);

    private enum State {
        STARTUP,
        AUTHENTICATING,
        LOGGING_IN,
        READY,
        CLOSED
    }

    private final GatewayContext context;
    private final Route route;
    private final FrameDecoder decoder;
    private final ServerBorrowing borrowing;
    private final ResponseTracker tracker = new ResponseTracker();
    private final Deque<ByteBuf> pending = new ArrayDeque<>();
    private final Consumer<ByteBuf> writeToClient = message -> this.toClient.write(message);
    private final FrameDecoder.Frames onFrame = this::frame;
    private Channel channel;
    private OutboundBatch toClient;
    /** Between a read of the client's bytes and its end, when whatever was written is flushed at once. */
    private boolean reading;
    /**
     * The type of the message a server connection is being borrowed for while it is still in the read buffer (not
     * queued), or 0.
     */
    private byte arrivingType;

    private State state = State.STARTUP;
    private ClientLogin login;
    private StatementTranslator translator;
    private InPlaceForwarder inPlace;
    private int processId;
    private int secretKey;
    private ServerConnection server;
    private ServerPool serverPool;
    private boolean copyIn;
    private boolean skipUntilSync;
    private byte lastStatus = 'I';
    private long connectedAtNanos = System.nanoTime();

    public ClientSession(GatewayContext context, Route route, FrameDecoder decoder) {
        this.context = requireNonNull(context, "context is null");
        this.route = requireNonNull(route, "route is null");
        this.decoder = requireNonNull(decoder, "decoder is null");
        this.borrowing = new ServerBorrowing(context, this);
    }

    // --- what the admin view shows ---

    public String user() {
        return login == null ? null : login.user();
    }

    public Route route() {
        return route;
    }

    public String applicationName() {
        return login == null ? "" : login.applicationName();
    }

    public String state() {
        if (state != State.READY) {
            return state.name().toLowerCase(java.util.Locale.ROOT);
        }
        if (borrowing.waiting()) {
            return "waiting";
        }
        return server == null ? "idle" : "active";
    }

    public Optional<ServerConnection> server() {
        return Optional.ofNullable(server);
    }

    public boolean pinned() {
        return translator != null && translator.pinned();
    }

    public String remoteAddress() {
        return channel == null ? "" : String.valueOf(channel.remoteAddress());
    }

    public long connectedAtNanos() {
        return connectedAtNanos;
    }

    // --- Netty ---

    @Override
    public void channelActive(ChannelHandlerContext handlerContext) {
        channel = handlerContext.channel();
        toClient = new OutboundBatch(channel);
        login = new ClientLogin(context, decoder, channel, toClient);
        translator = new StatementTranslator(context, tracker, channel, toClient, writeToClient);
        inPlace = new InPlaceForwarder(tracker, translator);
        connectedAtNanos = System.nanoTime();
        context.sessions().add(this);
        context.metrics().clientConnected();
    }

    @Override
    public void channelRead(ChannelHandlerContext handlerContext, Object data) {
        reading = true;
        decoder.decodeFrames(handlerContext.alloc(), (ByteBuf) data, onFrame);
    }

    private void frame(ByteBuf buffer, int start, int length) {
        if (server == null && startsTransactionInPlace(buffer, start, length)) {
            acquireInPlace(buffer.getByte(start));
            if (server == null && !borrowing.waiting()) {
                // No server at all, and the client was told: the message is dropped, as a queued one would be.
                return;
            }
        }
        if (server != null
                && state == State.READY
                && !skipUntilSync
                && pending.isEmpty()
                && inPlace.forward(server, buffer, start, length)) {
            holdBackClientWhileServerLags();
            return;
        }
        message(buffer.retainedSlice(start, length));
    }

    /**
     * Whether {@code frame} starts a transaction for which a server connection is borrowed before the message is cut
     * out of the read buffer: when one is idle, the message is then forwarded where it lies, as the rest of the
     * transaction is, instead of being sliced, queued and taken from the queue again. Only a Query or an unnamed Parse
     * of a client that holds nothing, on an endpoint that needs no SQL to route (the auto endpoint reads the
     * statement); any other message takes the usual way.
     */
    private boolean startsTransactionInPlace(ByteBuf buffer, int start, int length) {
        if (state != State.READY || borrowing.waiting() || skipUntilSync || !pending.isEmpty() || route == Route.AUTO) {
            return false;
        }
        return InPlaceForwarder.startsTransaction(buffer, start, length);
    }

    /**
     * Borrows a server connection for a message still in the read buffer. When none can be had at all, {@link
     * #unavailable} answers that message as it would had it been queued.
     */
    private void acquireInPlace(byte type) {
        arrivingType = type;
        try {
            startAcquiring(route == Route.READ_WRITE);
        } finally {
            arrivingType = 0;
        }
    }

    private void message(ByteBuf message) {
        switch (state) {
            case STARTUP -> {
                try {
                    loginStep(login.startupPacket(message));
                } finally {
                    message.release();
                }
            }
            case AUTHENTICATING -> {
                try {
                    loginStep(login.authenticationMessage(message));
                } finally {
                    message.release();
                }
            }
            case LOGGING_IN -> pending.addLast(message);
            case READY -> clientMessage(message);
            case CLOSED -> message.release();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext handlerContext) {
        reading = false;
        if (server != null) {
            server.flush();
        }
        toClient.flush();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext handlerContext) {
        // A slow client holds back its server's answers instead of letting them pile up in the gateway.
        if (server != null && server.isOpen()) {
            server.channel().config().setAutoRead(channel.isWritable());
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext handlerContext) {
        closed();
        decoder.release();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext handlerContext, Throwable cause) {
        Throwable reason = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (reason instanceof ProtocolException protocol) {
            context.metrics().protocolError();
            fatal(protocol.sqlState(), protocol.getMessage(), null);
            return;
        }
        if (!(reason instanceof java.io.IOException)) {
            LOG.warn("client {} of {}: {}", remoteAddress(), context.config().name(), reason.toString());
        }
        closeClient();
    }

    // --- login ---

    private void loginStep(ClientLogin.Step step) {
        switch (step) {
            case UNCHANGED -> {}
            case AUTHENTICATING -> state = State.AUTHENTICATING;
            case AUTHENTICATED -> {
                state = State.LOGGING_IN;
                loggedIn();
            }
            case REFUSED -> {
                ClientLogin.Refusal refusal = login.refusal();
                fatal(refusal.sqlState(), refusal.message(), refusal.hint());
            }
            case CANCEL_FORWARDED -> closeClient();
        }
    }

    private void loggedIn() {
        Map<String, String> known = context.serverParameters().get(login.key());
        if (known != null && !context.config().pool().transactionPooling()) {
            known = null;
        }
        if (known != null) {
            ready(known);
            return;
        }
        // The first client of a key makes PostgreSQL judge its settings and tells what to report to it.
        startAcquiring(route != Route.READ_ONLY);
    }

    private void ready(Map<String, String> parameters) {
        processId = context.cancelTargets().register(this);
        secretKey = context.cancelTargets().newSecret();
        login.welcome(parameters, processId, secretKey);
        state = State.READY;
        if (!context.config().pool().transactionPooling()) {
            translator.pin();
        }
        while (!pending.isEmpty() && state == State.READY) {
            clientMessage(pending.pollFirst());
        }
    }

    // --- messages of a logged-in client ---

    private void clientMessage(ByteBuf message) {
        byte type = message.getByte(0);
        if (skipUntilSync) {
            message.release();
            if (type == 'S') {
                skipUntilSync = false;
                toClient.write(Messages.readyForQuery(channel.alloc(), (byte) 'I'));
            }
            return;
        }
        if (server != null) {
            forward(message);
            return;
        }
        if (borrowing.waiting()) {
            pending.addLast(message);
            return;
        }
        if (!idleMessage(type, message)) {
            pending.addLast(message);
            startAcquiring(isWrite(message));
        }
    }

    /** Answers what needs no server while the client holds none; false when the message starts a transaction. */
    private boolean idleMessage(byte type, ByteBuf message) {
        switch (type) {
            case 'X' -> {
                message.release();
                closeClient();
                return true;
            }
            case 'S' -> {
                message.release();
                toClient.write(Messages.readyForQuery(channel.alloc(), (byte) 'I'));
                return true;
            }
            case 'H' -> {
                message.release();
                return true;
            }
            case 'P' -> {
                return translator.parseWithoutServer(message);
            }
            case 'C' -> {
                return translator.closeWithoutServer(message);
            }
            case 'Q' -> {
                return translator.releaseWithoutServer(message);
            }
            case 'p' -> {
                message.release();
                fatal(SqlStates.PROTOCOL_VIOLATION, "unexpected password message", null);
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    private boolean isWrite(ByteBuf first) {
        if (route == Route.READ_WRITE) {
            return true;
        }
        if (route == Route.READ_ONLY) {
            return false;
        }
        String sql = translator.queryOf(first);
        return sql == null || !context.inspector().isRead(sql);
    }

    /** Sends one client message to the attached server, translating statement names and noting what is owed. */
    private void forward(ByteBuf message) {
        byte type = message.getByte(0);
        switch (type) {
            case 'P' -> translator.parse(message, server);
            case 'B' -> translator.bind(message, server);
            case 'D' -> translator.describe(message, server);
            case 'C' -> translator.closeStatement(message, server);
            case 'E' -> send(message, Expected.of(Expected.Kind.EXECUTE));
            case 'S' -> send(message, Expected.of(Expected.Kind.SYNC));
            case 'H' -> server.write(message);
            case 'Q' -> translator.query(message, server, lastStatus);
            case 'F' -> send(message, Expected.of(Expected.Kind.FUNCTION_CALL));
            case 'd', 'c', 'f' -> server.write(message);
            case 'X' -> {
                message.release();
                closeClient();
            }
            default -> {
                message.release();
                fatal(SqlStates.PROTOCOL_VIOLATION, "invalid frontend message type '" + (char) type + "'", null);
            }
        }
        holdBackClientWhileServerLags();
    }

    private void holdBackClientWhileServerLags() {
        if (server != null && !server.channel().isWritable()) {
            // The server reads slower than the client writes (a big COPY): stop reading the client until it drains.
            channel.config().setAutoRead(false);
        }
    }

    private void send(ByteBuf message, Expected expected) {
        tracker.sent(expected);
        server.write(message);
    }

    // --- borrowing a server connection ---

    private void startAcquiring(boolean write) {
        if (borrowing.start(write, login.key())) {
            // Still waiting: stop reading the client meanwhile, so its messages queue in the socket, not here. Only
            // then, since turning reading off and on again costs two system calls per transaction.
            channel.config().setAutoRead(false);
        }
    }

    /** The server connection borrowed for the client. */
    void attach(ServerConnection granted) {
        resumeReading(channel);
        server = granted;
        serverPool = granted.pool();
        server.listener(this);
        lastStatus = server.transactionStatus();
        if (state == State.LOGGING_IN) {
            Map<String, String> parameters = new LinkedHashMap<>(server.parameters());
            context.serverParameters().put(login.key(), parameters);
            ServerConnection kept = server;
            if (context.config().pool().transactionPooling()) {
                releaseServer();
            }
            ready(kept.parameters());
            return;
        }
        while (!pending.isEmpty() && server != null) {
            forward(pending.pollFirst());
        }
        // Granted at once, within a read of the client's bytes: the rest of that read goes out in the same flush.
        if (server != null && !reading) {
            server.flush();
        }
    }

    /** Turns reading on unless it is: the setting is an atomic swap even when nothing changes. */
    private static void resumeReading(Channel connection) {
        if (!connection.config().isAutoRead()) {
            connection.config().setAutoRead(true);
        }
    }

    /** No server connection could be had: the client hears why, and its queued messages get PostgreSQL's answers. */
    void unavailable(String sqlState, String message, boolean fromServer) {
        context.metrics().unavailable();
        channel.config().setAutoRead(true);
        if (state == State.LOGGING_IN) {
            fatal(sqlState, message, null);
            return;
        }
        toClient.write(
                Messages.error(channel.alloc(), "ERROR", sqlState, message, fromServer ? null : "retry shortly"));
        // A message borrowing in place would have been the first one queued.
        boolean answered = arrivingType == 'Q';
        if (answered) {
            toClient.write(Messages.readyForQuery(channel.alloc(), (byte) 'I'));
        }
        while (!pending.isEmpty()) {
            ByteBuf queued = pending.pollFirst();
            byte type = queued.getByte(0);
            queued.release();
            if (!answered && (type == 'Q' || type == 'S')) {
                toClient.write(Messages.readyForQuery(channel.alloc(), (byte) 'I'));
                answered = true;
            }
        }
        skipUntilSync = !answered;
        toClient.flush();
    }

    private void releaseServer() {
        ServerConnection released = server;
        server = null;
        tracker.clear();
        if (released.isOpen()) {
            resumeReading(released.channel());
        }
        serverPool.release(released);
    }

    // --- answers from the server ---

    @Override
    public void serverMessage(ServerConnection from, byte type, ByteBuf buffer, int start, int length) {
        if (from != server) {
            return;
        }
        if (tracker.received(type, server.preparedStatements()) == ResponseTracker.Verdict.FORWARD) {
            toClient.write(buffer, start, length);
        }
        tracker.emitSynthetics(writeToClient);
        switch (type) {
            case 'G' -> copyIn = true;
            case 'C', 'E' -> copyIn = false;
            case 'Z' -> {
                lastStatus = server.transactionStatus();
                if (tracker.isEmpty() && lastStatus == 'I') {
                    context.metrics().transactionDone();
                    if (!translator.pinned() && !copyIn) {
                        releaseServer();
                        toClient.flush();
                    }
                }
            }
            default -> {}
        }
        if (!channel.isWritable() && server != null) {
            server.channel().config().setAutoRead(false);
        }
    }

    @Override
    public void serverReadComplete(ServerConnection from) {
        if (from == server) {
            toClient.flush();
        }
    }

    @Override
    public void serverWritabilityChanged(ServerConnection from) {
        if (from == server && state == State.READY && !borrowing.waiting()) {
            channel.config().setAutoRead(from.channel().isWritable());
        }
    }

    @Override
    public void serverClosed(ServerConnection from) {
        if (from != server) {
            return;
        }
        ServerConnection lost = server;
        server = null;
        tracker.clear();
        serverPool.discard(lost);
        context.metrics().serverLost();
        fatal(
                SqlStates.CONNECTION_FAILURE,
                "the connection to " + lost.member().name() + " was lost; if a COMMIT was in flight its outcome is"
                        + " unknown",
                "the primary may have changed: reconnect and retry");
    }

    // --- endings ---

    boolean isClosed() {
        return state == State.CLOSED;
    }

    private void fatal(String sqlState, String message, String hint) {
        if (state == State.CLOSED || channel == null) {
            return;
        }
        toClient.writeAndFlush(Messages.error(channel.alloc(), "FATAL", sqlState, message, hint))
                .addListener(ChannelFutureListener.CLOSE);
        closed();
    }

    private void closeClient() {
        if (channel != null) {
            channel.close();
        }
        closed();
    }

    /** Gives back or drops the server connection, depending on whether its state is known to be clean. */
    private void closed() {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        if (toClient != null) {
            toClient.discard();
        }
        context.sessions().remove(this);
        if (translator != null) {
            translator.clear();
        }
        if (processId != 0) {
            context.cancelTargets().unregister(processId);
        }
        borrowing.abandon();
        pending.forEach(ByteBuf::release);
        pending.clear();
        if (server == null) {
            return;
        }
        ServerConnection held = server;
        server = null;
        boolean clean = tracker.isEmpty() && held.transactionStatus() == 'I' && !copyIn && held.isOpen();
        tracker.clear();
        if (!clean) {
            serverPool.discard(held);
            return;
        }
        if (!translator.pinned()) {
            serverPool.release(held);
            return;
        }
        ServerReset.run(held, serverPool);
    }

    /** The server connection lent now, for a cancel request. */
    Optional<ServerConnection> cancelTarget(int secret) {
        return secret == secretKey ? Optional.ofNullable(server) : Optional.empty();
    }
}
