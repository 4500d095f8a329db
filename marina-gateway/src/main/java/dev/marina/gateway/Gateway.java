package dev.marina.gateway;

import static java.util.Objects.requireNonNull;

import dev.marina.gateway.admin.AdminServer;
import dev.marina.gateway.admin.GatewayMetrics;
import dev.marina.gateway.config.ConfigChanges;
import dev.marina.gateway.config.GatewayConfig;
import dev.marina.gateway.config.GatewayConfigs;
import dev.marina.gateway.config.InvalidConfigException;
import dev.marina.gateway.pool.Pools;
import dev.marina.gateway.protocol.FrameDecoder;
import dev.marina.gateway.protocol.ReceiveBuffers;
import dev.marina.gateway.routing.FeedAddress;
import dev.marina.gateway.routing.Route;
import dev.marina.gateway.routing.Router;
import dev.marina.gateway.routing.StaticTopology;
import dev.marina.gateway.routing.Topology;
import dev.marina.gateway.routing.TopologyFeed;
import dev.marina.gateway.routing.TopologyMember;
import dev.marina.gateway.session.ClientSession;
import dev.marina.gateway.session.GatewayContext;
import dev.marina.gateway.session.QueryInspector;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One gateway: its endpoints (read-write, read-only, auto), its pools, its router fed by the topology source, and
 * its admin endpoint. Everything that handles connections runs on one event loop thread.
 */
public final class Gateway implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);
    /** Large enough for any real statement or row; PostgreSQL's own limit is 1 GB, which no gateway should buffer. */
    private static final int MAXIMUM_MESSAGE_BYTES = 64 * 1024 * 1024;

    private final GatewayConfig config;
    private final EventLoopGroup group;
    private final EventLoop loop;
    private final Class<? extends SocketChannel> channelType;
    private final Class<? extends ServerSocketChannel> serverChannelType;
    private final GatewayContext context;
    /** The users' passwords towards PostgreSQL, by user: replaced whole by a reload. */
    private final Map<String, String> passwords = new java.util.HashMap<>();
    /** Where the configuration was read from; null when it was given in code (tests, benchmarks). */
    private final Path configFile;

    private final Map<Route, Channel> listeners = new EnumMap<>(Route.class);
    private AdminServer admin;
    private TopologyFeed feed;
    private boolean closed;

    private Gateway(GatewayConfig config, QueryInspector inspector, Path configFile) throws IOException {
        this.config = requireNonNull(config, "config is null");
        this.configFile = configFile;
        if (Epoll.isAvailable()) {
            EpollEventLoopGroup epoll = new EpollEventLoopGroup(1);
            // The loop's few tasks (retries, the pool sweeper, the admin view's questions) run after every pass over
            // the sockets; sharing time between the two would read the clock twice per pass.
            epoll.setIoRatio(100);
            group = epoll;
            channelType = EpollSocketChannel.class;
            serverChannelType = EpollServerSocketChannel.class;
        } else {
            NioEventLoopGroup nio = new NioEventLoopGroup(1);
            nio.setIoRatio(100);
            group = nio;
            channelType = NioSocketChannel.class;
            serverChannelType = NioServerSocketChannel.class;
        }
        loop = group.next();
        config.users().forEach(user -> passwords.put(user.name(), user.password()));
        Pools pools = new Pools(loop, channelType, config.pool(), MAXIMUM_MESSAGE_BYTES, passwords::get);
        Router router = new Router(config.routing(), pools::activeOn);
        GatewayMetrics metrics = new GatewayMetrics(config.name());
        context = new GatewayContext(config, loop, channelType, pools, router, inspector, metrics, tls(config));
    }

    /** Starts a gateway; its endpoints accept connections when this returns. */
    public static Gateway start(GatewayConfig config, QueryInspector inspector)
            throws IOException, InterruptedException {
        return start(config, inspector, null);
    }

    /**
     * Starts a gateway whose configuration came from {@code configFile}, which {@link #reload} reads again.
     *
     * @param configFile null when there is no file to read again
     */
    public static Gateway start(GatewayConfig config, QueryInspector inspector, Path configFile)
            throws IOException, InterruptedException {
        Gateway gateway = new Gateway(config, inspector, configFile);
        try {
            gateway.startAll();
        } catch (IOException | InterruptedException | RuntimeException e) {
            gateway.close();
            throw e;
        }
        return gateway;
    }

    private void startAll() throws IOException, InterruptedException {
        loop.submit(() -> context.pools().start()).sync();
        GatewayConfig.TopologySource source = config.topology();
        if (source.url() != null || source.addressFile() != null) {
            feed = new TopologyFeed(FeedAddress.of(source, config.cluster()), source.token(), this::topology);
            feed.start();
        } else {
            topology(StaticTopology.of(source.members()));
        }
        bind(Route.READ_WRITE, config.ports().readWrite());
        bind(Route.READ_ONLY, config.ports().readOnly());
        bind(Route.AUTO, config.ports().auto());
        if (config.ports().admin() >= 0) {
            admin = new AdminServer(
                    new InetSocketAddress(config.listenAddress(), config.ports().admin()),
                    new LoopAdminView(context),
                    context.metrics(),
                    config.adminToken(),
                    configFile == null ? null : this::reloadForAdmin);
            admin.start();
        }
        context.metrics()
                .gauge(
                        "marina.gateway.clients",
                        "client connections open",
                        () -> countOnLoop(() -> context.sessions().size()));
        LOG.info(
                "gateway {} of cluster {} listening: {} (admin {})",
                config.name(),
                config.cluster(),
                ports(),
                adminPort());
    }

    private int countOnLoop(java.util.concurrent.Callable<Integer> count) {
        try {
            return loop.submit(count).get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            return -1;
        }
    }

    /** A new topology: the router uses it for the next transaction; pools of changed members close. */
    public void topology(Topology topology) {
        loop.execute(() -> {
            Optional<String> before = context.router().forWrite().map(TopologyMember::name);
            context.router().topology(topology);
            context.pools().topologyChanged(topology);
            Optional<String> after = context.router().forWrite().map(TopologyMember::name);
            if (!Objects.equals(before, after)) {
                // A pause held writes for this change of primary: the new primary takes them now.
                if (after.isPresent()) {
                    context.pause(0);
                }
                LOG.info(
                        "gateway {}: primary {} -> {} (topology {})",
                        config.name(),
                        before.orElse("none"),
                        after.orElse("none"),
                        topology.version());
            }
        });
    }

    /**
     * Reads the configuration file again and applies what a running gateway can take (see {@link ConfigChanges}).
     * Nothing changes when the file cannot be used: it must be valid, and its certificate and key readable.
     */
    public synchronized ConfigChanges reload() throws InvalidConfigException {
        if (configFile == null) {
            throw new IllegalStateException("gateway " + config.name() + " was not started from a configuration file");
        }
        GatewayConfig next;
        try {
            next = GatewayConfigs.read(configFile);
        } catch (InvalidConfigException e) {
            throw new InvalidConfigException("gateway configuration " + configFile + ": " + e.getMessage(), e);
        }
        SslContext newTls;
        try {
            newTls = tls(next);
        } catch (IOException | RuntimeException e) {
            throw new InvalidConfigException(
                    "gateway configuration " + configFile + ": tls: cannot use the certificate or the key: "
                            + e.getMessage(),
                    e);
        }
        ConfigChanges changes;
        try {
            changes = loop.submit(() -> apply(next, newTls)).get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reloading", e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("the event loop did not apply the reload: " + e, e);
        }
        LOG.info(
                "gateway {} reloaded {}: applied {}, pending restart {}",
                config.name(),
                configFile,
                changes.live(),
                changes.pendingRestart());
        return changes;
    }

    private Map<String, Object> reloadForAdmin() throws InvalidConfigException {
        ConfigChanges changes = reload();
        Map<String, Object> answer = new java.util.LinkedHashMap<>();
        answer.put("applied", changes.live());
        answer.put("pendingRestart", changes.pendingRestart());
        return answer;
    }

    private ConfigChanges apply(GatewayConfig next, SslContext newTls) {
        ConfigChanges changes = ConfigChanges.between(context.config(), next);
        GatewayConfig applied = changes.applied();
        passwords.clear();
        applied.users().forEach(user -> passwords.put(user.name(), user.password()));
        context.pools().settings(applied.pool());
        context.router().settings(applied.routing());
        context.reconfigure(applied, newTls);
        return changes;
    }

    private void bind(Route route, int port) throws InterruptedException {
        if (port < 0) {
            return;
        }
        Channel channel = new ServerBootstrap()
                .group(group)
                .channel(serverChannelType)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.RCVBUF_ALLOCATOR, ReceiveBuffers.ALLOCATOR)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel client) {
                        FrameDecoder decoder = FrameDecoder.forClient(MAXIMUM_MESSAGE_BYTES);
                        client.pipeline().addLast("session", new ClientSession(context, route, decoder));
                    }
                })
                .bind(config.listenAddress(), port)
                .sync()
                .channel();
        listeners.put(route, channel);
    }

    private static SslContext tls(GatewayConfig config) throws IOException {
        if (config.tls() == null) {
            return null;
        }
        return SslContextBuilder.forServer(
                        new File(config.tls().certificate()),
                        new File(config.tls().key()))
                .build();
    }

    /** The port an endpoint listens on (useful when the configuration said 0). */
    public int port(Route route) {
        Channel channel = listeners.get(route);
        if (channel == null) {
            throw new IllegalStateException(route.label() + " endpoint is off");
        }
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    public int adminPort() {
        return admin == null ? -1 : admin.port();
    }

    public Map<String, Integer> ports() {
        Map<String, Integer> ports = new java.util.LinkedHashMap<>();
        listeners.keySet().forEach(route -> ports.put(route.label(), port(route)));
        return ports;
    }

    public GatewayContext context() {
        return context;
    }

    /** Stops listening, closes every connection and the loop; a second call does nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (feed != null) {
            feed.close();
        }
        if (admin != null) {
            admin.close();
        }
        listeners.values().forEach(Channel::close);
        try {
            loop.submit(() -> context.pools().close()).await(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
