package dev.marina.engine.postgresql;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.marina.api.yaml.Serialization;
import dev.marina.control.engine.MemberPlan;
import dev.marina.control.engine.MemberPlan.PlannedFile;
import dev.marina.control.member.ClusterTls;
import dev.marina.control.member.Credentials;
import dev.marina.control.member.MemberContext;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders a gateway member: the gateway's configuration file (a secret: it holds the users' passwords and the token it
 * shares with the control plane), the cluster's server certificate and its key unless TLS is off, and the command that
 * runs it. The topology is not rendered: the gateway follows the control plane's feed, so a failover changes nothing
 * here and never restarts a gateway. The certificate comes from the store through the member's credentials, issued
 * once: rendering stays a pure function of what it is given.
 */
final class GatewayRenderer {

    static final String READ_WRITE_PORT = "read-write";
    static final String READ_ONLY_PORT = "read-only";
    static final String AUTO_PORT = "auto";
    static final String ADMIN_PORT = "admin";
    static final List<String> PORTS = List.of(READ_WRITE_PORT, READ_ONLY_PORT, AUTO_PORT, ADMIN_PORT);

    private GatewayRenderer() {}

    static MemberPlan render(MemberContext member, GatewayProgram program) {
        Path config = member.layout().config().resolve("gateway.json");
        Map<String, PlannedFile> files = new LinkedHashMap<>();
        files.put(config.toString(), new PlannedFile(configuration(member, program), true));
        if (GatewaySettings.servesTls(settings(member))) {
            ClusterTls tls = tls(member);
            // The certificate is public; the key is readable by the engine user that runs the gateway only.
            files.put(
                    certificateFile(member).toString(),
                    new PlannedFile(tls.server().certificate(), false));
            files.put(keyFile(member).toString(), new PlannedFile(tls.server().privateKey(), true));
        }
        return new MemberPlan(
                program.command(config),
                Map.of(),
                files,
                List.of(),
                // The JVM's shutdown hook closes the listeners and the server connections.
                "TERM");
    }

    static String configuration(MemberContext member, GatewayProgram program) {
        Map<String, String> settings = settings(member);
        Credentials credentials = member.credentials();
        Map<String, Object> file = new LinkedHashMap<>();
        file.put("name", member.name());
        file.put("cluster", member.identity().cluster());
        file.put("listenAddress", member.endpoint().host());
        // Ordered maps only: the file's text decides the plan's hash, and Map.of's order changes from one JVM to the
        // next, which made every control-plane restart restart the gateways.
        Map<String, Object> ports = new LinkedHashMap<>();
        ports.put("readWrite", member.endpoint().port(READ_WRITE_PORT));
        ports.put("readOnly", member.endpoint().port(READ_ONLY_PORT));
        ports.put("auto", member.endpoint().port(AUTO_PORT));
        ports.put("admin", member.endpoint().port(ADMIN_PORT));
        file.put("ports", ports);
        file.put("pool", GatewaySettings.pool(settings));
        file.put("routing", GatewaySettings.routing(settings));
        file.put(
                "users",
                List.of(
                        user(ConfigRenderer.APPLICATION_USER, credentials.password(PostgresEngine.APPLICATION)),
                        user(ConfigRenderer.SUPERUSER, credentials.password(PostgresEngine.SUPERUSER))));
        Map<String, Object> topology = new LinkedHashMap<>();
        topology.put("addressFile", program.addressFile().toString());
        topology.put("token", credentials.password(Credentials.GATEWAY));
        file.put("topology", topology);
        file.put("adminToken", credentials.password(Credentials.GATEWAY));
        if (GatewaySettings.servesTls(settings)) {
            file.put(
                    "tls",
                    GatewaySettings.tls(
                            settings,
                            certificateFile(member).toString(),
                            keyFile(member).toString()));
        }
        try {
            return Serialization.json().writerWithDefaultPrettyPrinter().writeValueAsString(file) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the gateway's configuration: " + e.getMessage(), e);
        }
    }

    private static Map<String, String> settings(MemberContext member) {
        return member.spec().components().get(member.identity().component()).config();
    }

    private static ClusterTls tls(MemberContext member) {
        return member.credentials()
                .tls()
                .orElseThrow(() -> new IllegalStateException("no TLS certificate was issued for cluster "
                        + member.identity().cluster() + ", so " + member.name() + " cannot serve TLS"));
    }

    private static Path certificateFile(MemberContext member) {
        return member.layout().config().resolve("gateway.crt");
    }

    private static Path keyFile(MemberContext member) {
        return member.layout().config().resolve("gateway.key");
    }

    private static Map<String, String> user(String name, String password) {
        Map<String, String> user = new LinkedHashMap<>();
        user.put("name", name);
        user.put("password", password);
        return user;
    }
}
