package dev.marina.engine.postgresql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marina.api.ClusterSpec;
import dev.marina.api.ComponentSpec;
import dev.marina.api.DatabaseCluster;
import dev.marina.api.EngineCatalog;
import dev.marina.api.ObjectMeta;
import dev.marina.api.http.ConnectionInfo;
import dev.marina.api.validation.ClusterValidator;
import dev.marina.api.validation.FieldError;
import dev.marina.api.validation.InvalidDocumentException;
import dev.marina.api.yaml.Serialization;
import dev.marina.control.engine.MemberPlan;
import dev.marina.control.engine.MemberPlan.PlannedFile;
import dev.marina.control.engine.Topology;
import dev.marina.control.member.CertificateAndKey;
import dev.marina.control.member.ClusterTls;
import dev.marina.control.member.Credentials;
import dev.marina.control.member.Endpoint;
import dev.marina.control.member.MemberContext;
import dev.marina.control.member.MemberIdentity;
import dev.marina.control.member.MemberLayout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * TLS through a cluster's gateway: the {@code client_tls_sslmode} setting, the files a gateway member's plan carries,
 * and the URLs clients get.
 */
class GatewayTlsTest {

    private static final Path GOLDEN = Path.of("src/test/resources/golden");
    private static final String AUTHORITY = pem("CERTIFICATE", "authority");
    private static final CertificateAndKey SERVER =
            new CertificateAndKey(pem("CERTIFICATE", "server"), pem("PRIVATE KEY", "server-key"));
    private static final Path CONF = Path.of("/home/marina/clusters/orders/orders-gateway-0/conf");
    private static final GatewayProgram PROGRAM =
            new GatewayProgram(List.of("/usr/bin/java", "-cp", "marina.jar"), Path.of("/home/marina/api-address"));

    /** Gateways follow the topology feed: their plan is the same whatever the topology. */
    private static final Topology UNKNOWN = new Topology(Optional.empty(), List.of(), false);

    private final PostgresEngine engine =
            new PostgresEngine(PostgresInstallation.fromEnvironment(Map.of()), Optional.of(PROGRAM));

    @Test
    void byDefaultTheGatewayRequiresTlsWithTheClustersServerCertificate() throws IOException {
        MemberPlan plan = engine.render(gateway(Map.of(), SERVER), UNKNOWN);

        assertGolden("gateway.txt", plan);
        JsonNode tls = configuration(plan).path("tls");
        assertThat(tls.path("certificate").asText())
                .isEqualTo(CONF.resolve("gateway.crt").toString());
        assertThat(tls.path("key").asText())
                .isEqualTo(CONF.resolve("gateway.key").toString());
        assertThat(tls.path("required").asBoolean()).isTrue();
        assertThat(plan.files().get(CONF.resolve("gateway.crt").toString()))
                .isEqualTo(new PlannedFile(SERVER.certificate(), false));
        assertThat(plan.files().get(CONF.resolve("gateway.key").toString()))
                .as("the key is a secret: readable by the engine user only")
                .isEqualTo(new PlannedFile(SERVER.privateKey(), true));
        assertThat(plan.files().get(CONF.resolve("gateway.json").toString()).content())
                .doesNotContain("PRIVATE KEY");
    }

    @Test
    void allowAndPreferOfferTlsWithoutRequiringIt() {
        for (String mode : List.of("allow", "prefer")) {
            JsonNode tls = configuration(
                            engine.render(gateway(Map.of(GatewaySettings.CLIENT_TLS, mode), SERVER), UNKNOWN))
                    .path("tls");

            assertThat(tls.path("required").asBoolean()).as(mode).isFalse();
            assertThat(tls.path("certificate").asText()).as(mode).endsWith("gateway.crt");
        }
    }

    @Test
    void disableRendersNeitherTlsNorCertificateFiles() {
        MemberPlan plan = engine.render(gateway(Map.of(GatewaySettings.CLIENT_TLS, "disable"), SERVER), UNKNOWN);

        assertThat(configuration(plan).has("tls")).isFalse();
        assertThat(plan.files().keySet())
                .containsExactly(CONF.resolve("gateway.json").toString());
    }

    @Test
    void theSameCertificateRendersTheSameHashAndANewOneRestartsTheGateway() {
        CertificateAndKey renewed =
                new CertificateAndKey(pem("CERTIFICATE", "renewed"), pem("PRIVATE KEY", "renewed-key"));

        assertThat(engine.render(gateway(Map.of(), SERVER), UNKNOWN).hash())
                .isEqualTo(engine.render(gateway(Map.of(), SERVER), UNKNOWN).hash())
                .isNotEqualTo(engine.render(gateway(Map.of(), renewed), UNKNOWN).hash())
                .isNotEqualTo(engine.render(gateway(Map.of(GatewaySettings.CLIENT_TLS, "prefer"), SERVER), UNKNOWN)
                        .hash());
    }

    @Test
    void aGatewayThatMustServeTlsWithoutACertificateIsNotRendered() {
        MemberContext member = gateway(Map.of(), null);

        assertThatThrownBy(() -> engine.render(member, UNKNOWN))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("no TLS certificate was issued for cluster orders, so orders-gateway-0 cannot serve TLS");
    }

    @Test
    void theSettingTakesPgBouncersServerSideModesOnly() {
        ClusterValidator validator = new ClusterValidator(EngineCatalog.of(List.of(engine.description())));
        for (String mode : List.of("disable", "allow", "prefer", "require")) {
            assertThat(validator
                            .validate(cluster(Map.of(GatewaySettings.CLIENT_TLS, mode)))
                            .spec()
                            .components()
                            .get(PostgresEngine.GATEWAY)
                            .config())
                    .containsEntry(GatewaySettings.CLIENT_TLS, mode);
        }

        assertThat(errors(validator, Map.of(GatewaySettings.CLIENT_TLS, "verify-full")))
                .containsExactly(new FieldError(
                        null,
                        "spec.components.gateway.config.client_tls_sslmode",
                        "'verify-full' is not accepted; write disable, allow, prefer or require"));
        assertThat(errors(validator, Map.of("client_tls_ssl_mode", "require")))
                .singleElement()
                .extracting(FieldError::message)
                .asString()
                .startsWith("is not a setting of this component; did you mean client_tls_sslmode?");
    }

    @Test
    void throughTheGatewayTheUrlVerifiesItWithTheClustersCaWhereTheClientKeepsIt() {
        ConnectionInfo verified = engine.connection(
                "orders", candidates(Map.of()), false, false, Optional.of("/home/me/.marina/certs/orders-ca.crt"));
        ConnectionInfo encrypted = engine.connection("orders", candidates(Map.of()), true, false, Optional.empty());

        assertThat(verified.url())
                .isEqualTo("postgresql://app:apppw@127.0.0.1:6001/app?connect_timeout=5"
                        + "&sslmode=verify-full&sslrootcert=/home/me/.marina/certs/orders-ca.crt");
        assertThat(verified.command()).containsExactly("psql", verified.url());
        assertThat(verified.caCertificate()).isEqualTo(AUTHORITY);
        assertThat(encrypted.url())
                .isEqualTo("postgresql://app:apppw@127.0.0.1:6002/app?connect_timeout=5&sslmode=require");
        assertThat(encrypted.caCertificate()).isEqualTo(AUTHORITY);
    }

    @Test
    void aCaFileWithOddCharactersStaysOnePathInTheUrl() {
        ConnectionInfo connection = engine.connection(
                "orders", candidates(Map.of()), false, false, Optional.of("/tmp/my home/a&b=c+d%.crt"));

        assertThat(connection.url()).endsWith("&sslrootcert=/tmp/my%20home/a%26b%3Dc%2Bd%25.crt");
    }

    @Test
    void directlyOrWithTlsOffTheUrlIsAsBefore() {
        Optional<String> caFile = Optional.of("/home/me/.marina/certs/orders-ca.crt");
        ConnectionInfo direct = engine.connection("orders", candidates(Map.of()), false, true, caFile);
        ConnectionInfo plaintext = engine.connection(
                "orders", candidates(Map.of(GatewaySettings.CLIENT_TLS, "disable")), false, false, caFile);

        assertThat(direct.url())
                .isEqualTo("postgresql://app:apppw@127.0.0.1:5432/app?target_session_attrs=read-write"
                        + "&connect_timeout=5");
        assertThat(direct.caCertificate()).isNull();
        assertThat(plaintext.url()).isEqualTo("postgresql://app:apppw@127.0.0.1:6001/app?connect_timeout=5");
        assertThat(plaintext.caCertificate()).isNull();
    }

    private static List<MemberContext> candidates(Map<String, String> settings) {
        MemberIdentity database = new MemberIdentity("orders", PostgresEngine.COMPONENT, 0);
        MemberContext postgres = new MemberContext(
                spec(settings),
                database,
                new Endpoint("127.0.0.1", Map.of("postgres", 5432)),
                MemberLayout.under(Path.of("/home/marina/clusters/orders", database.name())),
                credentials(SERVER));
        return List.of(postgres, gateway(settings, SERVER));
    }

    private static MemberContext gateway(Map<String, String> settings, CertificateAndKey server) {
        MemberIdentity identity = new MemberIdentity("orders", PostgresEngine.GATEWAY, 0);
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put(GatewayRenderer.READ_WRITE_PORT, 6001);
        ports.put(GatewayRenderer.READ_ONLY_PORT, 6002);
        ports.put(GatewayRenderer.AUTO_PORT, 6003);
        ports.put(GatewayRenderer.ADMIN_PORT, 6004);
        return new MemberContext(
                spec(settings),
                identity,
                new Endpoint("127.0.0.1", ports),
                MemberLayout.under(CONF.getParent()),
                credentials(server));
    }

    private static Credentials credentials(CertificateAndKey server) {
        Map<String, String> passwords = Map.of(
                PostgresEngine.SUPERUSER, "superpw",
                PostgresEngine.REPLICATION, "replpw",
                PostgresEngine.APPLICATION, "apppw",
                Credentials.GATEWAY, "gatewaypw");
        return server == null
                ? new Credentials(passwords)
                : new Credentials(passwords, new ClusterTls(AUTHORITY, server));
    }

    private static ClusterSpec spec(Map<String, String> settings) {
        Map<String, ComponentSpec> components = new LinkedHashMap<>();
        components.put(PostgresEngine.COMPONENT, new ComponentSpec(1, Map.of(), null, null));
        components.put(PostgresEngine.GATEWAY, new ComponentSpec(1, settings, null, null));
        return new ClusterSpec("postgresql", "15", components, null, false);
    }

    private static DatabaseCluster cluster(Map<String, String> settings) {
        return new DatabaseCluster(
                DatabaseCluster.API_VERSION, DatabaseCluster.KIND, ObjectMeta.named("orders"), spec(settings), null);
    }

    private static List<FieldError> errors(ClusterValidator validator, Map<String, String> settings) {
        try {
            validator.validate(cluster(settings));
        } catch (InvalidDocumentException e) {
            return e.errors();
        }
        throw new AssertionError("accepted " + settings);
    }

    private static JsonNode configuration(MemberPlan plan) {
        try {
            return Serialization.json()
                    .readTree(plan.files()
                            .get(CONF.resolve("gateway.json").toString())
                            .content());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String pem(String type, String body) {
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }

    private static void assertGolden(String name, MemberPlan plan) throws IOException {
        String rendered = "command: " + String.join(" ", plan.command()) + "\n"
                + plan.files().entrySet().stream()
                        .map(entry ->
                                "==== " + entry.getKey() + (entry.getValue().secret() ? " (secret)" : "") + "\n"
                                        + entry.getValue().content())
                        .collect(Collectors.joining("\n"));
        Path golden = GOLDEN.resolve(name);
        if (Boolean.getBoolean("golden.update") || !Files.exists(golden)) {
            Files.writeString(golden, rendered, StandardCharsets.UTF_8);
        }
        assertThat(rendered).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
    }
}
