package dev.marina.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigChangesTest {

    private static final GatewayConfig RUNNING = new GatewayConfig(
            "gateway-0",
            "shop",
            "127.0.0.1",
            new GatewayConfig.Ports(6432, 6433, 6434, 6435),
            GatewayConfig.Pool.DEFAULT,
            GatewayConfig.Routing.DEFAULT,
            List.of(new GatewayConfig.User("app", "secret")),
            null,
            new GatewayConfig.TopologySource("http://127.0.0.1:1/feed", "token", List.of()),
            "admin-token");

    @Test
    void theSameFileChangesNothing() {
        ConfigChanges changes = ConfigChanges.between(RUNNING, RUNNING);

        assertThat(changes.live()).isEmpty();
        assertThat(changes.pendingRestart()).isEmpty();
        assertThat(changes.applied()).isEqualTo(RUNNING);
    }

    @Test
    void poolLimitsRoutingUsersAndTlsApplyLive() {
        GatewayConfig next = new GatewayConfig(
                RUNNING.name(),
                RUNNING.cluster(),
                RUNNING.listenAddress(),
                RUNNING.ports(),
                new GatewayConfig.Pool(null, 5, 10, 30, 60, 100),
                new GatewayConfig.Routing(1L, 2, "error", 3),
                List.of(new GatewayConfig.User("app", "rotated")),
                new GatewayConfig.Tls("server.crt", "server.key", true),
                RUNNING.topology(),
                RUNNING.adminToken());

        ConfigChanges changes = ConfigChanges.between(RUNNING, next);

        assertThat(changes.live())
                .containsExactly(
                        "pool.size",
                        "pool.maxClients",
                        "pool.idleTimeoutSeconds",
                        "pool.lifetimeSeconds",
                        "pool.connectTimeoutMillis",
                        "routing.maxLagBytes",
                        "routing.maxLagSeconds",
                        "routing.readFallback",
                        "routing.failoverWaitMillis",
                        "users",
                        "tls");
        assertThat(changes.pendingRestart()).isEmpty();
        assertThat(changes.applied()).isEqualTo(next);
    }

    @Test
    void whatOnlyANewProcessTakesIsReportedAndKeepsItsRunningValue() {
        GatewayConfig next = new GatewayConfig(
                "gateway-1",
                "other",
                "0.0.0.0",
                new GatewayConfig.Ports(7432, 6433, 6434, 6435),
                new GatewayConfig.Pool("session", 7, null, null, null, null),
                RUNNING.routing(),
                RUNNING.users(),
                null,
                new GatewayConfig.TopologySource("http://127.0.0.1:2/feed", "token", List.of()),
                "another-token");

        ConfigChanges changes = ConfigChanges.between(RUNNING, next);

        assertThat(changes.pendingRestart())
                .containsExactly("name", "cluster", "listenAddress", "ports", "topology", "adminToken", "pool.mode");
        assertThat(changes.live()).containsExactly("pool.size");
        GatewayConfig applied = changes.applied();
        assertThat(applied.name()).isEqualTo("gateway-0");
        assertThat(applied.cluster()).isEqualTo("shop");
        assertThat(applied.listenAddress()).isEqualTo("127.0.0.1");
        assertThat(applied.ports()).isEqualTo(RUNNING.ports());
        assertThat(applied.topology()).isEqualTo(RUNNING.topology());
        assertThat(applied.adminToken()).isEqualTo("admin-token");
        assertThat(applied.pool().mode()).isEqualTo("transaction");
        assertThat(applied.pool().size()).isEqualTo(7);
    }
}
