package dev.marina.gateway;

import dev.marina.control.member.MemberContext;
import dev.marina.engine.postgresql.LocalCluster;
import dev.marina.gateway.config.GatewayConfig;
import dev.marina.gateway.routing.Route;
import dev.marina.gateway.routing.Topology;
import dev.marina.gateway.routing.TopologyMember;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;

/**
 * A real PostgreSQL 15 primary with one streaming replica (the engine's LocalCluster), and gateways started in this
 * JVM in front of it, for the protocol tests.
 */
final class GatewayCluster implements AutoCloseable {

    static final String USER = "app";
    static final String DATABASE = "app";

    private final LocalCluster cluster;
    private final List<Gateway> gateways = new java.util.ArrayList<>();

    private GatewayCluster(LocalCluster cluster) {
        this.cluster = cluster;
    }

    static GatewayCluster start(String purpose) throws IOException {
        LocalCluster cluster = LocalCluster.create(purpose, 2);
        try {
            MemberContext primary = cluster.member(0);
            MemberContext replica = cluster.member(1);
            cluster.bootstrap(primary);
            cluster.cloneReplica(replica, primary, LocalCluster.topology(primary));
            cluster.awaitStreaming(replica, primary, 1);
            return new GatewayCluster(cluster);
        } catch (RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
    }

    LocalCluster cluster() {
        return cluster;
    }

    MemberContext primary() {
        return cluster.member(0);
    }

    MemberContext replica() {
        return cluster.member(1);
    }

    String password() {
        return primary().credentials().password("application");
    }

    static int port(MemberContext member) {
        return member.endpoint().port("postgres");
    }

    /** The topology as the control plane would publish it: member 0 primary, member 1 a replica in sync. */
    Topology topology() {
        return new Topology(
                "test-1",
                List.of(
                        new TopologyMember(primary().name(), "127.0.0.1", port(primary()), true, 1, 0),
                        new TopologyMember(replica().name(), "127.0.0.1", port(replica()), false, 1, 0)));
    }

    GatewayConfig config(String mode, int poolSize) {
        return config(mode, poolSize, 3000);
    }

    /** The same, with how long a new transaction waits for a primary while there is none. */
    GatewayConfig config(String mode, int poolSize, int failoverWaitMillis) {
        return new GatewayConfig(
                "test-gateway",
                "test",
                "127.0.0.1",
                new GatewayConfig.Ports(0, 0, 0, 0),
                new GatewayConfig.Pool(mode, poolSize, 200, null, null, 2000),
                new GatewayConfig.Routing(null, null, null, failoverWaitMillis),
                List.of(new GatewayConfig.User(USER, password())),
                null,
                new GatewayConfig.TopologySource(
                        null,
                        null,
                        List.of(
                                new GatewayConfig.StaticMember(
                                        primary().name(), "127.0.0.1", port(primary()), "primary"),
                                new GatewayConfig.StaticMember(
                                        replica().name(), "127.0.0.1", port(replica()), "replica"))),
                null);
    }

    /** A gateway in front of the cluster; closed with the cluster unless closed before. */
    Gateway gateway(GatewayConfig config) throws IOException, InterruptedException {
        Gateway gateway = Gateway.start(config, new SqlInspector());
        gateways.add(gateway);
        return gateway;
    }

    /** A JDBC connection through {@code gateway}'s endpoint, as the application user. */
    Connection connect(Gateway gateway, Route route, Properties extra) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", USER);
        properties.setProperty("password", password());
        properties.setProperty("socketTimeout", "30");
        properties.putAll(extra);
        return DriverManager.getConnection(jdbcUrl(gateway, route), properties);
    }

    String url(Gateway gateway, Route route) {
        return "postgresql://" + USER + "@127.0.0.1:" + gateway.port(route) + "/" + DATABASE;
    }

    String jdbcUrl(Gateway gateway, Route route) {
        return "jdbc:postgresql://127.0.0.1:" + gateway.port(route) + "/" + DATABASE;
    }

    @Override
    public void close() throws IOException {
        gateways.forEach(Gateway::close);
        cluster.close();
    }
}
