package dev.marina.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marina.api.ClusterSpec;
import dev.marina.api.ComponentSpec;
import dev.marina.control.engine.MemberPlan;
import dev.marina.control.engine.Topology;
import dev.marina.control.member.CertificateAndKey;
import dev.marina.control.member.ClusterCertificates;
import dev.marina.control.member.ClusterTls;
import dev.marina.control.member.Credentials;
import dev.marina.control.member.Endpoint;
import dev.marina.control.member.MemberContext;
import dev.marina.control.member.MemberIdentity;
import dev.marina.control.member.MemberLayout;
import dev.marina.engine.postgresql.GatewayProgram;
import dev.marina.engine.postgresql.PostgresEngine;
import dev.marina.engine.postgresql.PostgresInstallation;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file the PostgreSQL engine renders for a gateway member is one the gateway reads and accepts. */
class RenderedConfigTest {

    private static final Path ADDRESS_FILE = Path.of("/home/marina/api-address");

    /** Issued once: the files the plan writes are read back from here. */
    private static final CertificateAndKey AUTHORITY = ClusterCertificates.authority("orders", Instant.now());

    private static final ClusterTls TLS = new ClusterTls(
            AUTHORITY.certificate(),
            ClusterCertificates.server(AUTHORITY, "orders", List.of("127.0.0.1"), Instant.now()));

    @TempDir
    Path memberDirectory;

    @Test
    void theEngineRendersAFileTheGatewayAcceptsWithTheSpecsSettings() throws Exception {
        MemberPlan plan = render(Map.of(
                "pool_mode",
                "session",
                "default_pool_size",
                "7",
                "failover_wait_ms",
                "2500",
                "max_lag_bytes",
                "4096",
                "max_lag_seconds",
                "3"));

        assertThat(plan.command()).contains("dev.marina.gateway.GatewayMain", "--config");
        MemberPlan.PlannedFile file = plan.files().get(configFile().toString());
        assertThat(file.secret()).as("it holds passwords").isTrue();
        write(plan);
        GatewayConfig config = GatewayConfigs.parse(file.content().getBytes(StandardCharsets.UTF_8));
        GatewayConfigs.validate(config);

        assertThat(config.name()).isEqualTo("orders-gateway-0");
        assertThat(config.cluster()).isEqualTo("orders");
        assertThat(config.ports()).isEqualTo(new GatewayConfig.Ports(6001, 6002, 6003, 6004));
        assertThat(config.pool().mode()).isEqualTo("session");
        assertThat(config.pool().size()).isEqualTo(7);
        assertThat(config.pool().maxClients()).as("the gateway's default").isEqualTo(1000);
        assertThat(config.routing().failoverWaitMillis()).isEqualTo(2500);
        assertThat(config.routing().maxLagBytes()).isEqualTo(4096);
        assertThat(config.routing().maxLagSeconds()).isEqualTo(3);
        assertThat(config.users())
                .extracting(GatewayConfig.User::name, GatewayConfig.User::password)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("app", "application-secret"),
                        org.assertj.core.groups.Tuple.tuple("postgres", "superuser-secret"));
        assertThat(config.topology().addressFile()).isEqualTo(ADDRESS_FILE.toString());
        assertThat(config.topology().token()).isEqualTo("gateway-secret");
        assertThat(config.adminToken()).isEqualTo("gateway-secret");
        assertThat(config.tls().isRequired())
                .as("the default: client_tls_sslmode require")
                .isTrue();
    }

    @Test
    void theGatewayServesTlsWithTheCertificateAndKeyThePlanWrites() throws Exception {
        MemberPlan plan = render(Map.of("client_tls_sslmode", "prefer"));
        write(plan);
        GatewayConfig config = GatewayConfigs.parse(Files.readAllBytes(configFile()));
        GatewayConfigs.validate(config);

        assertThat(config.tls().isRequired()).isFalse();
        assertThat(Files.readString(Path.of(config.tls().certificate())))
                .isEqualTo(TLS.server().certificate());
        // Built as the gateway builds it: Netty reads the PKCS#8 key and the certificate that goes with it.
        SslContext context = SslContextBuilder.forServer(
                        new File(config.tls().certificate()),
                        new File(config.tls().key()))
                .build();
        assertThat(context.isServer()).isTrue();
    }

    @Test
    void theSameMemberRendersTheSameHashEveryTime() {
        // A control plane that restarts must find the plan unchanged, or it would restart the gateways.
        assertThat(render(Map.of("pool_mode", "transaction")).hash())
                .isEqualTo(render(Map.of("pool_mode", "transaction")).hash());
        assertThat(render(Map.of("pool_mode", "transaction")).hash())
                .isNotEqualTo(render(Map.of("pool_mode", "session")).hash());
    }

    private Path configFile() {
        return memberDirectory.resolve("conf/gateway.json");
    }

    /** Writes the plan's files as the local runtime does (the paths are under this test's member directory). */
    private static void write(MemberPlan plan) throws IOException {
        for (Map.Entry<String, MemberPlan.PlannedFile> file : plan.files().entrySet()) {
            Path path = Path.of(file.getKey());
            Files.createDirectories(path.getParent());
            Files.writeString(path, file.getValue().content(), StandardCharsets.UTF_8);
        }
    }

    private MemberPlan render(Map<String, String> settings) {
        Map<String, ComponentSpec> components = new LinkedHashMap<>();
        components.put(PostgresEngine.COMPONENT, new ComponentSpec(2, Map.of(), null, null));
        components.put(PostgresEngine.GATEWAY, new ComponentSpec(1, settings, null, null));
        ClusterSpec spec = new ClusterSpec("postgresql", "15", components, null, false);
        MemberContext member = new MemberContext(
                spec,
                new MemberIdentity("orders", PostgresEngine.GATEWAY, 0),
                new Endpoint("127.0.0.1", Map.of("read-write", 6001, "read-only", 6002, "auto", 6003, "admin", 6004)),
                MemberLayout.under(memberDirectory),
                new Credentials(
                        Map.of(
                                "application",
                                "application-secret",
                                "superuser",
                                "superuser-secret",
                                "replication",
                                "replication-secret",
                                Credentials.GATEWAY,
                                "gateway-secret"),
                        TLS));
        GatewayProgram program = new GatewayProgram(List.of("/usr/bin/java", "-cp", "marina.jar"), ADDRESS_FILE);
        try (PostgresEngine engine =
                new PostgresEngine(PostgresInstallation.fromEnvironment(Map.of()), Optional.of(program))) {
            return engine.render(member, new Topology(Optional.empty(), List.of(), false));
        }
    }
}
