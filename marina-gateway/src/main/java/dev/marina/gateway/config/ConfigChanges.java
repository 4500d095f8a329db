package dev.marina.gateway.config;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a reload of the configuration file changes, split by what a running gateway can take: pool sizes, limits and
 * timeouts, routing, users and TLS take effect for the next connection or transaction; the rest (where it listens,
 * the pooling mode its sessions were built for, where the topology comes from, the admin token) needs a new
 * process, as PostgreSQL's {@code pending_restart} says of some of its settings. Pure.
 *
 * @param applied the running gateway's new configuration: the new file, except for the fields that need a restart,
 *     which keep their running values (so that they are reported again at the next reload, until a restart)
 * @param live the fields that changed and are applied now, by their names in the file
 * @param pendingRestart the fields that changed and need a new process
 */
public record ConfigChanges(GatewayConfig applied, List<String> live, List<String> pendingRestart) {

    public ConfigChanges {
        requireNonNull(applied, "applied is null");
        live = List.copyOf(live);
        pendingRestart = List.copyOf(pendingRestart);
    }

    public static ConfigChanges between(GatewayConfig running, GatewayConfig next) {
        List<String> live = new ArrayList<>();
        List<String> pending = new ArrayList<>();
        GatewayConfig.Pool runningPool = running.pool();
        GatewayConfig.Pool nextPool = next.pool();
        compare("name", running.name(), next.name(), pending);
        compare("cluster", running.cluster(), next.cluster(), pending);
        compare("listenAddress", running.listenAddress(), next.listenAddress(), pending);
        compare("ports", running.ports(), next.ports(), pending);
        compare("topology", running.topology(), next.topology(), pending);
        compare("adminToken", running.adminToken(), next.adminToken(), pending);
        compare("pool.mode", runningPool.mode(), nextPool.mode(), pending);
        compare("pool.size", runningPool.size(), nextPool.size(), live);
        compare("pool.maxClients", runningPool.maxClients(), nextPool.maxClients(), live);
        compare("pool.idleTimeoutSeconds", runningPool.idleTimeoutSeconds(), nextPool.idleTimeoutSeconds(), live);
        compare("pool.lifetimeSeconds", runningPool.lifetimeSeconds(), nextPool.lifetimeSeconds(), live);
        compare("pool.connectTimeoutMillis", runningPool.connectTimeoutMillis(), nextPool.connectTimeoutMillis(), live);
        compare(
                "pool.maxPreparedStatements",
                runningPool.maxPreparedStatements(),
                nextPool.maxPreparedStatements(),
                live);
        compare(
                "routing.maxLagBytes",
                running.routing().maxLagBytes(),
                next.routing().maxLagBytes(),
                live);
        compare(
                "routing.maxLagSeconds",
                running.routing().maxLagSeconds(),
                next.routing().maxLagSeconds(),
                live);
        compare(
                "routing.readFallback",
                running.routing().readFallback(),
                next.routing().readFallback(),
                live);
        compare(
                "routing.failoverWaitMillis",
                running.routing().failoverWaitMillis(),
                next.routing().failoverWaitMillis(),
                live);
        compare("users", running.users(), next.users(), live);
        compare("tls", running.tls(), next.tls(), live);
        GatewayConfig applied = new GatewayConfig(
                running.name(),
                running.cluster(),
                running.listenAddress(),
                running.ports(),
                nextPool.withMode(runningPool.mode()),
                next.routing(),
                next.users(),
                next.tls(),
                running.topology(),
                running.adminToken());
        return new ConfigChanges(applied, live, pending);
    }

    private static void compare(String field, Object running, Object next, List<String> changed) {
        if (!Objects.equals(running, next)) {
            changed.add(field);
        }
    }
}
