package dev.marina.gateway;

import static java.util.Objects.requireNonNull;

import dev.marina.gateway.admin.AdminView;
import dev.marina.gateway.pool.ServerConnection;
import dev.marina.gateway.pool.ServerPool;
import dev.marina.gateway.routing.TopologyMember;
import dev.marina.gateway.session.ClientSession;
import dev.marina.gateway.session.GatewayContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The admin view, read on the event loop (where the state lives) and handed to the HTTP thread as plain maps. */
final class LoopAdminView implements AdminView {

    private final GatewayContext context;

    LoopAdminView(GatewayContext context) {
        this.context = requireNonNull(context, "context is null");
    }

    @Override
    public Map<String, Object> health() {
        return onLoop(() -> {
            Map<String, Object> health = new LinkedHashMap<>();
            health.put("status", "ok");
            health.put("gateway", context.config().name());
            health.put("topology", context.router().topology().version());
            health.put(
                    "primary",
                    context.router().forWrite().map(TopologyMember::name).orElse(null));
            return health;
        });
    }

    @Override
    public List<Map<String, Object>> pools() {
        return onLoop(() -> {
            List<Map<String, Object>> pools = new ArrayList<>();
            for (ServerPool pool : context.pools().allPools()) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("member", pool.member().name());
                row.put("role", pool.member().primary() ? "primary" : "replica");
                row.put("user", pool.key().user());
                row.put("database", pool.key().database());
                row.put("active", pool.activeCount());
                row.put("idle", pool.idleCount());
                row.put("opening", pool.openingCount());
                row.put("waiting", pool.waitingCount());
                row.put("size", pool.size());
                pools.add(row);
            }
            return pools;
        });
    }

    @Override
    public List<Map<String, Object>> clients() {
        return onLoop(() -> {
            long now = System.nanoTime();
            List<Map<String, Object>> clients = new ArrayList<>();
            for (ClientSession session : context.sessions()) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("address", session.remoteAddress());
                row.put("user", session.user());
                row.put("endpoint", session.route().label());
                row.put("state", session.state());
                row.put("application", session.applicationName());
                row.put("pinned", session.pinned());
                row.put(
                        "server",
                        session.server().map(ServerConnection::toString).orElse(null));
                row.put("connectedSeconds", TimeUnit.NANOSECONDS.toSeconds(now - session.connectedAtNanos()));
                clients.add(row);
            }
            return clients;
        });
    }

    @Override
    public List<Map<String, Object>> servers() {
        return onLoop(() -> {
            long now = System.nanoTime();
            List<Map<String, Object>> servers = new ArrayList<>();
            for (ServerPool pool : context.pools().allPools()) {
                pool.lentConnections().forEach(server -> servers.add(server(server, "active", now)));
                pool.idleConnections().forEach(server -> servers.add(server(server, "idle", now)));
            }
            return servers;
        });
    }

    private static Map<String, Object> server(ServerConnection server, String state, long now) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("member", server.member().name());
        row.put("processId", server.processId());
        row.put("state", state);
        row.put("user", server.key().user());
        row.put("database", server.key().database());
        row.put("preparedStatements", server.preparedStatements().size());
        row.put("ageSeconds", TimeUnit.NANOSECONDS.toSeconds(now - server.createdAtNanos()));
        return row;
    }

    @Override
    public Map<String, Object> stats() {
        return onLoop(() -> {
            Map<String, Object> stats = new LinkedHashMap<>();
            stats.put("gateway", context.config().name());
            stats.put("cluster", context.config().cluster());
            stats.put("poolMode", context.config().pool().mode());
            stats.put("topology", context.router().topology().version());
            stats.put(
                    "primary",
                    context.router().forWrite().map(TopologyMember::name).orElse(null));
            stats.put("paused", context.paused());
            stats.put("clients", context.sessions().size());
            stats.put("sharedStatements", context.sharedStatements());
            int active = 0;
            int idle = 0;
            int waiting = 0;
            for (ServerPool pool : context.pools().allPools()) {
                active += pool.activeCount();
                idle += pool.idleCount();
                waiting += pool.waitingCount();
            }
            stats.put("serversActive", active);
            stats.put("serversIdle", idle);
            stats.put("clientsWaiting", waiting);
            stats.put("transactions", (long) context.metrics().transactions());
            stats.put("routedWrites", (long) context.metrics().writes());
            stats.put("routedReads", (long) context.metrics().reads());
            return stats;
        });
    }

    @Override
    public Map<String, Object> pause(long timeoutMillis, long drainMillis) {
        CompletableFuture<Void> drained = new CompletableFuture<>();
        // Checked on the loop each time a lent connection comes back, so the answer comes the moment the
        // primary's last transaction ends.
        Runnable check = () -> {
            if (activeOnPrimaryNow() == 0) {
                drained.complete(null);
            }
        };
        onLoop(() -> {
            context.pause(timeoutMillis);
            context.pools().onReturn(check);
            check.run();
            return null;
        });
        try {
            drained.get(drainMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // Not drained in time: the answer says so.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IllegalStateException("draining failed: " + e.getCause(), e);
        } finally {
            onLoop(() -> {
                context.pools().removeOnReturn(check);
                return null;
            });
        }
        int active = activeOnPrimary();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("paused", true);
        answer.put("drained", active == 0);
        answer.put("activeOnPrimary", active);
        return answer;
    }

    private int activeOnPrimary() {
        return onLoop(this::activeOnPrimaryNow);
    }

    /** Connections lent on the primary right now; call on the loop. */
    private int activeOnPrimaryNow() {
        return context.router()
                .forWrite()
                .map(primary -> context.pools().allPools().stream()
                        .filter(pool -> pool.member().name().equals(primary.name()))
                        .mapToInt(ServerPool::activeCount)
                        .sum())
                .orElse(0);
    }

    @Override
    public Map<String, Object> resume() {
        onLoop(() -> {
            context.pause(0);
            return null;
        });
        return Map.of("paused", false);
    }

    private <T> T onLoop(Callable<T> task) {
        try {
            return context.loop().submit(task).get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the gateway's event loop did not answer: " + e, e);
        }
    }
}
