package dev.marina.gateway.session;

import dev.marina.gateway.pool.ServerConnection;
import dev.marina.gateway.protocol.Messages;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.Optional;

/**
 * Forwards a client's cancel request to the server connection its session holds right now, with that server's own
 * process id and key, over a new connection as PostgreSQL expects. Unknown ids and wrong keys are ignored silently,
 * as PostgreSQL does, so a cancel request tells a stranger nothing.
 */
final class CancelRequests {

    private CancelRequests() {}

    static void forward(GatewayContext context, int processId, int secretKey) {
        ClientSession session = context.cancelTargets().find(processId);
        if (session == null) {
            return;
        }
        Optional<ServerConnection> target = session.cancelTarget(secretKey);
        if (target.isEmpty()) {
            return;
        }
        ServerConnection server = target.get();
        bootstrap(context)
                .connect(server.member().host(), server.member().port())
                .addListener((ChannelFutureListener) future -> {
                    if (future.isSuccess()) {
                        future.channel()
                                .writeAndFlush(Messages.cancelRequest(
                                        future.channel().alloc(), server.processId(), server.secretKey()))
                                .addListener(ChannelFutureListener.CLOSE);
                    }
                });
    }

    private static Bootstrap bootstrap(GatewayContext context) {
        return new Bootstrap()
                .group(context.loop())
                .channel(context.channelType())
                .handler(new ChannelInboundHandlerAdapter());
    }
}
