package dev.marina.gateway.session;

import static java.util.Objects.requireNonNull;

import dev.marina.gateway.admin.GatewayMetrics;
import dev.marina.gateway.auth.ScramVerifier;
import dev.marina.gateway.config.GatewayConfig;
import dev.marina.gateway.pool.PoolKey;
import dev.marina.gateway.pool.Pools;
import dev.marina.gateway.routing.Router;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * What every client session of one gateway shares. Everything here lives on the gateway's single event loop: like
 * PgBouncer, the gateway does its work on one thread, so sessions, pools and the router need no locks, and a
 * transaction never crosses threads.
 */
public final class GatewayContext {

    private GatewayConfig config;
    private final EventLoop loop;
    private final Class<? extends SocketChannel> channelType;
    private final Pools pools;
    private final Router router;
    private final QueryInspector inspector;
    private final GatewayMetrics metrics;
    private SslContext tls;
    private final Map<String, ScramVerifier> verifiers = new HashMap<>();
    private final StatementNames statementNames = new StatementNames();
    private final CancelTargets cancelTargets = new CancelTargets();
    private final Set<ClientSession> sessions = new LinkedHashSet<>();
    private final Map<PoolKey, Map<String, String>> serverParameters = new HashMap<>();
    private final ScramVerifier unknownUser;
    private final SecureRandom random = new SecureRandom();
    private long pausedUntilNanos;

    public GatewayContext(
            GatewayConfig config,
            EventLoop loop,
            Class<? extends SocketChannel> channelType,
            Pools pools,
            Router router,
            QueryInspector inspector,
            GatewayMetrics metrics,
            SslContext tls) {
        this.config = requireNonNull(config, "config is null");
        this.loop = requireNonNull(loop, "loop is null");
        this.channelType = requireNonNull(channelType, "channelType is null");
        this.pools = requireNonNull(pools, "pools is null");
        this.router = requireNonNull(router, "router is null");
        this.inspector = requireNonNull(inspector, "inspector is null");
        this.metrics = requireNonNull(metrics, "metrics is null");
        this.tls = tls;
        config.users().forEach(user -> verifiers.put(user.name(), ScramVerifier.of(user.password(), random)));
        // Unknown users go through a whole exchange against a random verifier, so a failure never tells which
        // user names exist (PostgreSQL does the same).
        byte[] noise = new byte[24];
        random.nextBytes(noise);
        unknownUser = ScramVerifier.of(java.util.HexFormat.of().formatHex(noise), random);
    }

    /**
     * A reloaded configuration (its fields that need a restart already kept as they were) and the TLS context built
     * from its files: new logins check the new users, and new clients get the new certificate. Clients logged in
     * already stay; the pools and the router take their own parts of it.
     */
    public void reconfigure(GatewayConfig applied, SslContext newTls) {
        Map<String, String> before = new HashMap<>();
        config.users().forEach(user -> before.put(user.name(), user.password()));
        Map<String, ScramVerifier> next = new HashMap<>();
        for (GatewayConfig.User user : applied.users()) {
            // A verifier costs thousands of hash rounds: an unchanged password keeps its own.
            ScramVerifier kept = user.password().equals(before.get(user.name())) ? verifiers.get(user.name()) : null;
            next.put(user.name(), kept != null ? kept : ScramVerifier.of(user.password(), random));
        }
        verifiers.clear();
        verifiers.putAll(next);
        config = requireNonNull(applied, "applied is null");
        tls = newTls;
    }

    public GatewayConfig config() {
        return config;
    }

    public EventLoop loop() {
        return loop;
    }

    public Class<? extends SocketChannel> channelType() {
        return channelType;
    }

    public Pools pools() {
        return pools;
    }

    public Router router() {
        return router;
    }

    public QueryInspector inspector() {
        return inspector;
    }

    public GatewayMetrics metrics() {
        return metrics;
    }

    public SslContext tls() {
        return tls;
    }

    ScramVerifier verifier(String user) {
        ScramVerifier verifier = verifiers.get(user);
        return verifier == null ? unknownUser : verifier;
    }

    boolean knowsUser(String user) {
        return verifiers.containsKey(user);
    }

    /** Distinct prepared statements connected clients hold (shared server-side names), for the admin view. */
    public int sharedStatements() {
        return statementNames.size();
    }

    StatementNames statementNames() {
        return statementNames;
    }

    CancelTargets cancelTargets() {
        return cancelTargets;
    }

    public Set<ClientSession> sessions() {
        return sessions;
    }

    /** What servers of this key reported at startup, replayed to each new client of the key. */
    Map<PoolKey, Map<String, String>> serverParameters() {
        return serverParameters;
    }

    /**
     * Holds new primary transactions for up to {@code millis} (a switchover about to stop the primary, or an
     * operator's pause); {@code 0} resumes at once.
     */
    public void pause(long millis) {
        pausedUntilNanos = millis <= 0 ? 0 : System.nanoTime() + millis * 1_000_000;
    }

    public boolean paused() {
        return pausedUntilNanos != 0 && System.nanoTime() - pausedUntilNanos < 0;
    }
}
