package dev.marina.gateway.pool;

import static java.util.Objects.requireNonNull;

import dev.marina.gateway.auth.SaltedPasswords;
import dev.marina.gateway.config.GatewayConfig;
import dev.marina.gateway.protocol.FrameDecoder;
import dev.marina.gateway.protocol.ReceiveBuffers;
import dev.marina.gateway.protocol.SqlStates;
import dev.marina.gateway.routing.Topology;
import dev.marina.gateway.routing.TopologyMember;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Every pool of the gateway, by member and key, and the one place server connections are opened. When the topology
 * changes, pools of members that left or changed role or address are closed: their idle connections at once, their
 * lent ones when released, so nothing opened under the old roles serves the new ones.
 */
public final class Pools {

    private static final String APPLICATION_NAME = "marina-gateway";

    private final EventLoop loop;
    private final Class<? extends SocketChannel> channelType;
    private GatewayConfig.Pool settings;
    private final int maximumMessageBytes;
    private final Function<String, String> passwords;
    private final Map<String, Map<PoolKey, ServerPool>> byMember = new HashMap<>();
    private final Map<String, TopologyMember> members = new HashMap<>();
    private final List<Runnable> returnListeners = new ArrayList<>();
    private final SaltedPasswords saltedPasswords = new SaltedPasswords();
    private ScheduledFuture<?> sweeper;

    public Pools(
            EventLoop loop,
            Class<? extends SocketChannel> channelType,
            GatewayConfig.Pool settings,
            int maximumMessageBytes,
            Function<String, String> passwords) {
        this.loop = requireNonNull(loop, "loop is null");
        this.channelType = requireNonNull(channelType, "channelType is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.maximumMessageBytes = maximumMessageBytes;
        this.passwords = requireNonNull(passwords, "passwords is null");
    }

    public void start() {
        sweeper = loop.scheduleAtFixedRate(
                () -> {
                    // Read at every sweep: a reload may have changed them.
                    long idleNanos = TimeUnit.SECONDS.toNanos(settings.idleTimeoutSeconds());
                    long lifetimeNanos = TimeUnit.SECONDS.toNanos(settings.lifetimeSeconds());
                    long now = System.nanoTime();
                    allPools().forEach(pool -> pool.sweep(now, idleNanos, lifetimeNanos));
                },
                1,
                1,
                TimeUnit.SECONDS);
    }

    /**
     * New limits from a reload: every pool takes the new size now; timeouts count from the next sweep and the next
     * connection. The pooling mode is not among them: sessions were built for the one the gateway started with.
     */
    public void settings(GatewayConfig.Pool newSettings) {
        settings = requireNonNull(newSettings, "newSettings is null");
        allPools().forEach(pool -> pool.resize(newSettings.size()));
    }

    /** The pool of {@code member} for {@code key}; created on first use. */
    public ServerPool pool(TopologyMember member, PoolKey key) {
        return byMember.computeIfAbsent(member.name(), name -> new HashMap<>())
                .computeIfAbsent(key, k -> new ServerPool(member, k, settings.size(), this::open, this::returned));
    }

    /** Connections lent right now to clients, per member: the "outstanding" count reads are balanced by. */
    public int activeOn(String memberName) {
        Map<PoolKey, ServerPool> pools = byMember.get(memberName);
        if (pools == null) {
            return 0;
        }
        int active = 0;
        for (ServerPool pool : pools.values()) {
            active += pool.activeCount() + pool.waitingCount();
        }
        return active;
    }

    /** Runs {@code listener} each time a lent connection comes back (or is dropped), until removed. */
    public void onReturn(Runnable listener) {
        returnListeners.add(listener);
    }

    public void removeOnReturn(Runnable listener) {
        returnListeners.remove(listener);
    }

    private void returned() {
        if (!returnListeners.isEmpty()) {
            List.copyOf(returnListeners).forEach(Runnable::run);
        }
    }

    public List<ServerPool> allPools() {
        List<ServerPool> all = new ArrayList<>();
        byMember.values().forEach(pools -> all.addAll(pools.values()));
        return all;
    }

    /** Closes the pools of members whose role, epoch or address changed, or that left. */
    public void topologyChanged(Topology topology) {
        Map<String, TopologyMember> now = new HashMap<>();
        topology.members().forEach(member -> now.put(member.name(), member));
        for (String name : new ArrayList<>(byMember.keySet())) {
            TopologyMember before = members.get(name);
            TopologyMember after = now.get(name);
            if (after == null || before == null || !sameRole(before, after)) {
                Collection<ServerPool> pools = byMember.remove(name).values();
                pools.forEach(ServerPool::close);
            }
        }
        members.clear();
        members.putAll(now);
    }

    private static boolean sameRole(TopologyMember before, TopologyMember after) {
        return before.primary() == after.primary()
                && before.epoch() == after.epoch()
                && before.host().equals(after.host())
                && before.port() == after.port();
    }

    private void open(ServerPool pool) {
        TopologyMember member = pool.member();
        PoolKey key = pool.key();
        String password = passwords.apply(key.user());
        if (password == null) {
            pool.opened(null, new ServerError("FATAL", SqlStates.INVALID_AUTHORIZATION, "unknown user", false));
            return;
        }
        ServerConnection server = new ServerConnection(
                pool,
                FrameDecoder.forServer(maximumMessageBytes),
                saltedPasswords,
                password,
                key.startupParameters(APPLICATION_NAME),
                pool::opened);
        ChannelFuture connect = new Bootstrap()
                .group(loop)
                .channel(channelType)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.RCVBUF_ALLOCATOR, ReceiveBuffers.ALLOCATOR)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, settings.connectTimeoutMillis())
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(server);
                    }
                })
                .connect(member.host(), member.port());
        connect.addListener(future -> {
            if (!future.isSuccess()) {
                pool.opened(
                        null,
                        new ServerError(
                                "FATAL",
                                SqlStates.CONNECTION_FAILURE,
                                "cannot reach " + member.name() + " at " + member.address(),
                                false));
                return;
            }
            Channel channel = connect.channel();
            // A server that accepts but never finishes the startup must not hold a waiter forever.
            loop.schedule(
                    () -> {
                        if (channel.isActive() && !server.isReady()) {
                            channel.close();
                        }
                    },
                    settings.connectTimeoutMillis(),
                    TimeUnit.MILLISECONDS);
        });
    }

    public void close() {
        if (sweeper != null) {
            sweeper.cancel(false);
        }
        allPools().forEach(ServerPool::close);
        byMember.clear();
    }
}
