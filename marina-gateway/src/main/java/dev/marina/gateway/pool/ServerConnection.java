package dev.marina.gateway.pool;

import static java.util.Objects.requireNonNull;

import dev.marina.gateway.auth.AuthenticationFailedException;
import dev.marina.gateway.auth.SaltedPasswords;
import dev.marina.gateway.auth.ScramClientExchange;
import dev.marina.gateway.protocol.FrameDecoder;
import dev.marina.gateway.protocol.MessageReader;
import dev.marina.gateway.protocol.Messages;
import dev.marina.gateway.protocol.OutboundBatch;
import dev.marina.gateway.protocol.SqlStates;
import dev.marina.gateway.routing.TopologyMember;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * One connection from the gateway to a PostgreSQL member. It logs in (SCRAM, MD5 or cleartext, as the server asks),
 * keeps what the server reported (parameters, its process id and cancel key, whether it is in hot standby), and
 * then hands every message to its current {@link ServerListener}. Lives on the gateway's event loop only.
 */
public final class ServerConnection extends ChannelInboundHandlerAdapter {

    private static final List<String> SCRAM = List.of("SCRAM-SHA-256");
    private static final String HOT_STANDBY_PARAMETER = "in_hot_standby";
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    private final TopologyMember member;
    private final PoolKey key;
    private final ServerPool pool;
    private final FrameDecoder decoder;
    private final SaltedPasswords saltedPasswords;
    private final FrameDecoder.Frames onFrame = this::frame;
    private final String password;
    private final Map<String, String> startupParameters;
    private final Map<String, String> parameters = new LinkedHashMap<>();
    private final PreparedStatements preparedStatements = new PreparedStatements();
    private final long createdAtNanos = System.nanoTime();
    private BiConsumer<ServerConnection, ServerError> onStarted;
    private Channel channel;
    private OutboundBatch toServer;
    private ServerListener listener;
    private ScramClientExchange scram;
    private boolean ready;
    private boolean closed;
    private boolean retired;
    private int processId;
    private int secretKey;
    private long idleSinceNanos = System.nanoTime();
    private byte transactionStatus = 'I';
    private boolean inHotStandby;

    ServerConnection(
            ServerPool pool,
            FrameDecoder decoder,
            SaltedPasswords saltedPasswords,
            String password,
            Map<String, String> startupParameters,
            BiConsumer<ServerConnection, ServerError> onStarted) {
        this.pool = requireNonNull(pool, "pool is null");
        this.decoder = requireNonNull(decoder, "decoder is null");
        this.saltedPasswords = requireNonNull(saltedPasswords, "saltedPasswords is null");
        this.member = pool.member();
        this.key = pool.key();
        this.password = requireNonNull(password, "password is null");
        this.startupParameters = Map.copyOf(startupParameters);
        this.onStarted = requireNonNull(onStarted, "onStarted is null");
    }

    public TopologyMember member() {
        return member;
    }

    public PoolKey key() {
        return key;
    }

    /** The pool this connection belongs to, and goes back to. */
    public ServerPool pool() {
        return pool;
    }

    /** What the server reported at startup and since, in its order. */
    public Map<String, String> parameters() {
        return parameters;
    }

    /** True when the server says it is a standby: such a connection never takes a write. */
    public boolean inHotStandby() {
        return inHotStandby;
    }

    public int processId() {
        return processId;
    }

    public int secretKey() {
        return secretKey;
    }

    /** Server-side names of statements prepared on this connection. */
    public PreparedStatements preparedStatements() {
        return preparedStatements;
    }

    public long createdAtNanos() {
        return createdAtNanos;
    }

    public long idleSinceNanos() {
        return idleSinceNanos;
    }

    void markIdle() {
        idleSinceNanos = System.nanoTime();
    }

    /** The status byte of the last ReadyForQuery: {@code I} idle, {@code T} in a transaction, {@code E} failed. */
    public byte transactionStatus() {
        return transactionStatus;
    }

    public boolean isReady() {
        return ready;
    }

    public boolean isOpen() {
        return !closed && channel != null && channel.isActive();
    }

    /** Marks the connection for closing instead of pooling when it is next released (topology change, lifetime). */
    public void retire() {
        retired = true;
    }

    public boolean retired() {
        return retired;
    }

    public Channel channel() {
        return channel;
    }

    public void listener(ServerListener newListener) {
        this.listener = newListener;
    }

    /** Writes without flushing; {@link #flush()} sends what was written. */
    public void write(ByteBuf message) {
        toServer.write(message);
    }

    /** Writes, without flushing, the {@code length} bytes of {@code buffer} from {@code start}, which stays the caller's. */
    public void write(ByteBuf buffer, int start, int length) {
        toServer.write(buffer, start, length);
    }

    public void flush() {
        toServer.flush();
    }

    public void close() {
        if (channel != null && channel.isActive()) {
            toServer.writeAndFlush(Messages.terminate(channel.alloc())).addListener(future -> channel.close());
        }
        closed = true;
    }

    @Override
    public void channelActive(ChannelHandlerContext context) {
        channel = context.channel();
        toServer = new OutboundBatch(channel);
        context.writeAndFlush(Messages.startupMessage(context.alloc(), startupParameters));
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object data) {
        decoder.decodeFrames(context.alloc(), (ByteBuf) data, onFrame);
    }

    private void frame(ByteBuf buffer, int start, int length) {
        byte type = buffer.getByte(start);
        if (ready) {
            if (type == 'Z') {
                transactionStatus = buffer.getByte(start + 5);
            } else if (type == 'S') {
                rememberParameter(buffer.slice(start, length));
            }
            ServerListener current = listener;
            if (current != null) {
                current.serverMessage(this, type, buffer, start, length);
            }
            return;
        }
        ByteBuf message = buffer.slice(start, length);
        try {
            starting(message);
        } catch (AuthenticationFailedException | RuntimeException e) {
            fail(new ServerError(
                    "FATAL",
                    SqlStates.CONNECTION_FAILURE,
                    "the gateway could not log in to " + member.name() + ": " + e.getMessage(),
                    false));
        }
    }

    private void starting(ByteBuf message) throws AuthenticationFailedException {
        byte type = message.getByte(0);
        int body = MessageReader.bodyStart(message);
        switch (type) {
            case 'R' -> authenticate(message, message.getInt(body));
            case 'S' -> rememberParameter(message);
            case 'K' -> {
                processId = message.getInt(body);
                secretKey = message.getInt(body + 4);
            }
            case 'E' -> fail(ErrorFields.toServerError(message));
            case 'N' -> {
                // Notices during startup (a deprecated setting, say) concern the gateway, not a client.
            }
            case 'Z' -> {
                transactionStatus = message.getByte(body);
                ready = true;
                idleSinceNanos = System.nanoTime();
                BiConsumer<ServerConnection, ServerError> callback = onStarted;
                onStarted = null;
                callback.accept(this, null);
            }
            default -> throw new IllegalStateException("unexpected message '" + (char) type + "' during startup");
        }
    }

    private void authenticate(ByteBuf message, int code) throws AuthenticationFailedException {
        int body = MessageReader.bodyStart(message);
        switch (code) {
            case 0 -> {
                // Authenticated; parameters and the key follow.
            }
            case 3 -> channel.writeAndFlush(Messages.password(channel.alloc(), password));
            case 5 -> {
                byte[] salt = new byte[4];
                message.getBytes(body + 4, salt);
                channel.writeAndFlush(Messages.password(channel.alloc(), md5(key.user(), password, salt)));
            }
            case 10 -> {
                String mechanisms =
                        message.toString(body + 4, message.writerIndex() - body - 4, StandardCharsets.UTF_8);
                if (!mechanisms.contains(SCRAM.get(0))) {
                    throw new IllegalStateException("the server offers no SCRAM-SHA-256");
                }
                scram = new ScramClientExchange(password, RANDOM, saltedPasswords);
                channel.writeAndFlush(
                        Messages.saslInitialResponse(channel.alloc(), SCRAM.get(0), scram.clientFirstMessage()));
            }
            case 11 -> {
                String serverFirst =
                        message.toString(body + 4, message.writerIndex() - body - 4, StandardCharsets.UTF_8);
                channel.writeAndFlush(Messages.saslResponse(channel.alloc(), scram.clientFinalMessage(serverFirst)));
            }
            case 12 ->
                scram.verifyServerFinal(
                        message.toString(body + 4, message.writerIndex() - body - 4, StandardCharsets.UTF_8));
            default ->
                throw new IllegalStateException(
                        "the server asks for authentication method " + code + ", which the gateway does not speak");
        }
    }

    private void rememberParameter(ByteBuf message) {
        int body = MessageReader.bodyStart(message);
        String name = MessageReader.string(message, body);
        String value = MessageReader.string(message, MessageReader.skipString(message, body));
        parameters.put(name, value);
        if (name.equals(HOT_STANDBY_PARAMETER)) {
            inHotStandby = value.equals("on");
        }
    }

    private void fail(ServerError error) {
        closed = true;
        if (channel != null) {
            channel.close();
        }
        BiConsumer<ServerConnection, ServerError> callback = onStarted;
        onStarted = null;
        if (callback != null) {
            callback.accept(this, error);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext context) {
        ServerListener current = listener;
        if (ready && current != null) {
            current.serverReadComplete(this);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext context) {
        ServerListener current = listener;
        if (ready && current != null) {
            current.serverWritabilityChanged(this);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        closed = true;
        decoder.release();
        if (toServer != null) {
            toServer.discard();
        }
        if (!ready) {
            fail(new ServerError(
                    "FATAL",
                    SqlStates.CONNECTION_FAILURE,
                    member.name() + " closed the connection during startup",
                    false));
            return;
        }
        ServerListener current = listener;
        if (current != null) {
            current.serverClosed(this);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        // Resets and broken pipes end in channelInactive, which tells the listener.
        context.close();
    }

    private static String md5(String user, String password, byte[] salt) {
        try {
            MessageDigest digest = MessageDigest.getInstance("MD5");
            String inner = HexFormat.of().formatHex(digest.digest((password + user).getBytes(StandardCharsets.UTF_8)));
            digest.reset();
            digest.update(inner.getBytes(StandardCharsets.UTF_8));
            digest.update(salt);
            return "md5" + HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is missing from this JDK", e);
        }
    }

    @Override
    public String toString() {
        return member.name() + "/" + processId;
    }
}
