package dev.marina.gateway.session;

import static java.util.Objects.requireNonNull;

import dev.marina.gateway.auth.AuthenticationFailedException;
import dev.marina.gateway.auth.ScramServerExchange;
import dev.marina.gateway.pool.PoolKey;
import dev.marina.gateway.protocol.FrameDecoder;
import dev.marina.gateway.protocol.MessageReader;
import dev.marina.gateway.protocol.Messages;
import dev.marina.gateway.protocol.OutboundBatch;
import dev.marina.gateway.protocol.ProtocolException;
import dev.marina.gateway.protocol.SqlStates;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One client's login: its startup packet (or SSL, GSS encryption and cancel requests before it), the SCRAM-SHA-256
 * exchange, and the welcome that replays the server's parameters. It tells its session what comes next and leaves the
 * session's state to it. Runs on the gateway's event loop only.
 */
final class ClientLogin {

    /** Where the login stands after a message of the client. */
    enum Step {
        /** Nothing changes: the client is asked for another startup packet (after an SSL or GSS request). */
        UNCHANGED,
        /** The client was asked for its SASL response. */
        AUTHENTICATING,
        /** The client proved its password and was told so; the session gives it parameters and a ready. */
        AUTHENTICATED,
        /** The client is refused: {@link #refusal()} says why. */
        REFUSED,
        /** The connection carried a cancel request, forwarded already: it ends. */
        CANCEL_FORWARDED
    }

    /** Why a client is refused, for its FATAL error. */
    record Refusal(String sqlState, String message, String hint) {}

    private static final String SCRAM = "SCRAM-SHA-256";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final GatewayContext context;
    private final FrameDecoder decoder;
    private final Channel channel;
    private final OutboundBatch toClient;
    private boolean tls;
    private String user;
    private String applicationName = "";
    private PoolKey key;
    private ScramServerExchange scram;
    private boolean saslStarted;
    private Refusal refusal;

    ClientLogin(GatewayContext context, FrameDecoder decoder, Channel channel, OutboundBatch toClient) {
        this.context = requireNonNull(context, "context is null");
        this.decoder = requireNonNull(decoder, "decoder is null");
        this.channel = requireNonNull(channel, "channel is null");
        this.toClient = requireNonNull(toClient, "toClient is null");
    }

    /** The user the client logs in as; null before its startup packet. */
    String user() {
        return user;
    }

    String applicationName() {
        return applicationName;
    }

    /** The pools the client's transactions borrow from; null before its startup packet. */
    PoolKey key() {
        return key;
    }

    /** Why the client is refused, once a step said {@link Step#REFUSED}. */
    Refusal refusal() {
        return refusal;
    }

    Step startupPacket(ByteBuf packet) {
        int code = packet.getInt(4);
        if (code == Messages.SSL_REQUEST && packet.readableBytes() == 8) {
            if (context.tls() != null && !tls) {
                toClient.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {'S'}));
                channel.pipeline().addFirst("tls", context.tls().newHandler(channel.alloc()));
                tls = true;
            } else {
                toClient.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {'N'}));
            }
            return Step.UNCHANGED;
        }
        if (code == Messages.GSSENC_REQUEST && packet.readableBytes() == 8) {
            toClient.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {'N'}));
            return Step.UNCHANGED;
        }
        if (code == Messages.CANCEL_REQUEST && packet.readableBytes() == 16) {
            CancelRequests.forward(context, packet.getInt(8), packet.getInt(12));
            return Step.CANCEL_FORWARDED;
        }
        if ((code >>> 16) != 3) {
            return refuse(
                    SqlStates.FEATURE_NOT_SUPPORTED,
                    "unsupported frontend protocol " + (code >>> 16) + "." + (code & 0xffff)
                            + ": the gateway speaks protocol 3.0",
                    null);
        }
        decoder.startupDone();
        return login(MessageReader.startupParameters(packet));
    }

    private Step login(Map<String, String> parameters) {
        if (context.config().tls() != null && context.config().tls().isRequired() && !tls) {
            return refuse(SqlStates.INVALID_AUTHORIZATION, "the gateway requires TLS", "connect with sslmode=require");
        }
        user = parameters.get("user");
        if (user == null || user.isEmpty()) {
            return refuse(SqlStates.INVALID_AUTHORIZATION, "no PostgreSQL user name specified in startup packet", null);
        }
        if (parameters.containsKey("replication")) {
            return refuse(
                    SqlStates.FEATURE_NOT_SUPPORTED,
                    "replication connections do not go through the gateway",
                    "connect to a member directly: marina connect NAME --print-url --direct");
        }
        if (context.sessions().size() > context.config().pool().maxClients()) {
            return refuse(
                    SqlStates.TOO_MANY_CONNECTIONS,
                    "sorry, too many clients already (the gateway's limit is "
                            + context.config().pool().maxClients() + ")",
                    null);
        }
        String database = parameters.getOrDefault("database", user);
        applicationName = parameters.getOrDefault("application_name", "");
        Map<String, String> settings = new LinkedHashMap<>();
        for (Map.Entry<String, String> parameter : parameters.entrySet()) {
            String name = parameter.getKey();
            if (name.startsWith("_pq_.")) {
                return refuse(
                        SqlStates.FEATURE_NOT_SUPPORTED, "protocol extension \"" + name + "\" is not supported", null);
            }
            if (!name.equals("user") && !name.equals("database") && !name.equals("application_name")) {
                // PostgreSQL itself judges these when the first server connection of this pool starts.
                settings.put(name, parameter.getValue());
            }
        }
        key = new PoolKey(user, database, settings);
        scram = new ScramServerExchange(context.verifier(user), RANDOM);
        toClient.writeAndFlush(Messages.authenticationSasl(channel.alloc(), List.of(SCRAM)));
        return Step.AUTHENTICATING;
    }

    Step authenticationMessage(ByteBuf message) {
        if (message.getByte(0) != 'p') {
            return refuse(
                    SqlStates.PROTOCOL_VIOLATION,
                    "expected a SASL response, got '" + (char) message.getByte(0) + "'",
                    null);
        }
        try {
            int body = MessageReader.bodyStart(message);
            if (!saslStarted) {
                saslStarted = true;
                String mechanism = MessageReader.string(message, body);
                int dataStart = MessageReader.skipString(message, body);
                if (!SCRAM.equals(mechanism)) {
                    return refuse(
                            SqlStates.INVALID_AUTHORIZATION, "unsupported SASL mechanism \"" + mechanism + "\"", null);
                }
                int length = message.getInt(dataStart);
                if (length < 0 || dataStart + 4 + length > message.writerIndex()) {
                    throw new ProtocolException("malformed SASL initial response");
                }
                String clientFirst = message.toString(dataStart + 4, length, StandardCharsets.UTF_8);
                toClient.writeAndFlush(
                        Messages.authenticationSaslContinue(channel.alloc(), scram.serverFirstMessage(clientFirst)));
                return Step.UNCHANGED;
            }
            String clientFinal = message.toString(body, message.writerIndex() - body, StandardCharsets.UTF_8);
            String serverFinal = scram.serverFinalMessage(clientFinal);
            if (!context.knowsUser(user)) {
                return wrongPassword();
            }
            toClient.write(Messages.authenticationSaslFinal(channel.alloc(), serverFinal));
            toClient.write(Messages.authenticationOk(channel.alloc()));
            scram = null;
            return Step.AUTHENTICATED;
        } catch (AuthenticationFailedException e) {
            return wrongPassword();
        }
    }

    /**
     * Ends the login: the server's parameters (the client's own application name in place of the server's), the
     * process id and key the client cancels with, and the first ReadyForQuery.
     */
    void welcome(Map<String, String> parameters, int processId, int secretKey) {
        for (Map.Entry<String, String> parameter : parameters.entrySet()) {
            String value = parameter.getKey().equals("application_name") ? applicationName : parameter.getValue();
            toClient.write(Messages.parameterStatus(channel.alloc(), parameter.getKey(), value));
        }
        toClient.write(Messages.backendKeyData(channel.alloc(), processId, secretKey));
        toClient.writeAndFlush(Messages.readyForQuery(channel.alloc(), (byte) 'I'));
    }

    private Step wrongPassword() {
        context.metrics().authenticationFailed();
        return refuse(SqlStates.INVALID_PASSWORD, "password authentication failed for user \"" + user + "\"", null);
    }

    private Step refuse(String sqlState, String message, String hint) {
        refusal = new Refusal(sqlState, message, hint);
        return Step.REFUSED;
    }
}
