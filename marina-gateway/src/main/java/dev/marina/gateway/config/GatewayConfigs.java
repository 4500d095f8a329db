package dev.marina.gateway.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Reads and checks a gateway configuration file. */
public final class GatewayConfigs {

    private static final ObjectMapper JSON =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    private GatewayConfigs() {}

    public static GatewayConfig read(Path file) throws InvalidConfigException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new InvalidConfigException("cannot read it: " + e.getMessage(), e);
        }
        return parse(bytes);
    }

    public static GatewayConfig parse(byte[] bytes) throws InvalidConfigException {
        GatewayConfig config;
        try {
            config = JSON.readValue(bytes, GatewayConfig.class);
        } catch (UnrecognizedPropertyException e) {
            throw new InvalidConfigException(
                    "unknown field '" + e.getPropertyName() + "'; known: " + e.getKnownPropertyIds());
        } catch (JsonProcessingException e) {
            throw new InvalidConfigException(e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new InvalidConfigException(e.getMessage(), e);
        }
        validate(config);
        return config;
    }

    /** Every problem at once, each naming its field. */
    public static void validate(GatewayConfig config) throws InvalidConfigException {
        List<String> problems = new ArrayList<>();
        GatewayConfig.Ports ports = config.ports();
        port(problems, "ports.readWrite", ports.readWrite());
        port(problems, "ports.readOnly", ports.readOnly());
        port(problems, "ports.auto", ports.auto());
        port(problems, "ports.admin", ports.admin());
        if (ports.readWrite() < 0 && ports.readOnly() < 0 && ports.auto() < 0) {
            problems.add("ports: every endpoint is off (-1); turn on at least one");
        }
        GatewayConfig.Pool pool = config.pool();
        if (!Set.of(GatewayConfig.Pool.TRANSACTION, GatewayConfig.Pool.SESSION).contains(pool.mode())) {
            problems.add("pool.mode: '" + pool.mode() + "'; use transaction or session");
        }
        atLeast(problems, "pool.size", pool.size(), 1);
        atLeast(problems, "pool.maxClients", pool.maxClients(), 1);
        atLeast(problems, "pool.idleTimeoutSeconds", pool.idleTimeoutSeconds(), 1);
        atLeast(problems, "pool.lifetimeSeconds", pool.lifetimeSeconds(), 1);
        atLeast(problems, "pool.connectTimeoutMillis", pool.connectTimeoutMillis(), 1);
        atLeast(problems, "pool.maxPreparedStatements", pool.maxPreparedStatements(), 1);
        GatewayConfig.Routing routing = config.routing();
        if (routing.maxLagBytes() < 0) {
            problems.add("routing.maxLagBytes: must not be negative");
        }
        atLeast(problems, "routing.maxLagSeconds", routing.maxLagSeconds(), 0);
        atLeast(problems, "routing.failoverWaitMillis", routing.failoverWaitMillis(), 0);
        if (!Set.of(GatewayConfig.Routing.FALLBACK_PRIMARY, GatewayConfig.Routing.FALLBACK_ERROR)
                .contains(routing.readFallback())) {
            problems.add("routing.readFallback: '" + routing.readFallback() + "'; use primary or error");
        }
        if (config.users().isEmpty()) {
            problems.add("users: none; list the users clients log in as, with their passwords");
        }
        GatewayConfig.TopologySource topology = config.topology();
        int sources = (topology.url() == null ? 0 : 1)
                + (topology.addressFile() == null ? 0 : 1)
                + (topology.members().isEmpty() ? 0 : 1);
        if (sources != 1) {
            problems.add("topology: give one of url (the control plane's feed), addressFile (a file holding the"
                    + " control plane's address) or members (a fixed list)");
        }
        for (int index = 0; index < topology.members().size(); index++) {
            GatewayConfig.StaticMember member = topology.members().get(index);
            if (!Set.of("primary", "replica").contains(member.role())) {
                problems.add("topology.members[" + index + "].role: '" + member.role() + "'; use primary or replica");
            }
            if (member.port() < 1 || member.port() > 65535) {
                problems.add("topology.members[" + index + "].port: " + member.port() + " is no port");
            }
        }
        if (config.tls() != null) {
            if (config.tls().certificate() == null
                    || !Files.isReadable(Path.of(config.tls().certificate()))) {
                problems.add("tls.certificate: not a readable PEM file");
            }
            if (config.tls().key() == null
                    || !Files.isReadable(Path.of(config.tls().key()))) {
                problems.add("tls.key: not a readable PEM file");
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(String.join("; ", problems));
        }
    }

    private static void port(List<String> problems, String field, int port) {
        if (port < -1 || port > 65535) {
            problems.add(field + ": " + port + "; use 1-65535, 0 for any free port, or -1 to turn it off");
        }
    }

    private static void atLeast(List<String> problems, String field, long value, long minimum) {
        if (value < minimum) {
            problems.add(field + ": " + value + "; must be at least " + minimum);
        }
    }
}
