package dev.marina.operator.agent;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.marina.api.ClusterSpec;
import dev.marina.api.yaml.Serialization;
import dev.marina.control.member.CertificateAndKey;
import dev.marina.control.member.ClusterTls;
import dev.marina.control.member.Credentials;
import dev.marina.control.member.Endpoint;
import dev.marina.control.member.MemberContext;
import dev.marina.control.member.MemberIdentity;
import dev.marina.control.member.MemberLayout;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A {@link MemberContext} as the operator sends it with every action that acts for a member:
 *
 * <pre>{@code
 * {"spec": {...the cluster's spec...},
 *  "identity": {"cluster": "orders", "component": "postgres", "ordinal": 0},
 *  "endpoint": {"host": "orders-postgres-0.orders-members.shop.svc", "ports": {"postgres": 5432}},
 *  "layout": {"root": "/var/lib/marina", "data": "/var/lib/marina/data", "config": "/etc/marina/config",
 *             "run": "/var/run/marina", "log": "/dev/stdout"},
 *  "credentials": {"passwords": {"superuser": "...", ...},
 *                  "tls": {"authorityCertificate": "...", "serverCertificate": "...", "serverPrivateKey": "..."}}}
 * }</pre>
 *
 * {@code tls} is left out where the context has none. {@link Credentials} does not list its names, so the writer is
 * told which to send: the engine's, and the gateway's token where the context has it.
 */
final class MemberContextJson {

    private MemberContextJson() {}

    static ObjectNode write(MemberContext member, Collection<String> credentialNames) {
        ObjectNode node = Serialization.json().createObjectNode();
        node.set("spec", Serialization.json().valueToTree(member.spec()));
        ObjectNode identity = node.putObject("identity");
        identity.put("cluster", member.identity().cluster());
        identity.put("component", member.identity().component());
        identity.put("ordinal", member.identity().ordinal());
        ObjectNode endpoint = node.putObject("endpoint");
        endpoint.put("host", member.endpoint().host());
        ObjectNode ports = endpoint.putObject("ports");
        // Endpoint keeps its ports in a Map.copyOf, which has no order: sort, so the same context is the same text.
        new TreeMap<>(member.endpoint().ports()).forEach(ports::put);
        ObjectNode layout = node.putObject("layout");
        layout.put("root", member.layout().root().toString());
        layout.put("data", member.layout().data().toString());
        layout.put("config", member.layout().config().toString());
        layout.put("run", member.layout().run().toString());
        layout.put("log", member.layout().log().toString());
        ObjectNode credentials = node.putObject("credentials");
        ObjectNode passwords = credentials.putObject("passwords");
        for (String name : new TreeSet<>(credentialNames)) {
            password(member.credentials(), name).ifPresent(value -> passwords.put(name, value));
        }
        member.credentials().tls().ifPresent(tls -> {
            ObjectNode certificates = credentials.putObject("tls");
            certificates.put("authorityCertificate", tls.authorityCertificate());
            certificates.put("serverCertificate", tls.server().certificate());
            certificates.put("serverPrivateKey", tls.server().privateKey());
        });
        return node;
    }

    /** Reads the context at {@code path} of a request ({@code member}, {@code source}). */
    static MemberContext read(JsonNode request, String path) {
        JsonNode node = JsonFields.object(request, path);
        ClusterSpec spec = spec(JsonFields.object(node, path + ".spec"), path + ".spec");
        JsonNode identityNode = JsonFields.object(node, path + ".identity");
        int ordinal = JsonFields.integer(identityNode, path + ".identity.ordinal");
        if (ordinal < 0) {
            throw JsonFields.invalid(path + ".identity.ordinal", "must not be negative");
        }
        MemberIdentity identity = new MemberIdentity(
                JsonFields.text(identityNode, path + ".identity.cluster"),
                JsonFields.text(identityNode, path + ".identity.component"),
                ordinal);
        JsonNode endpointNode = JsonFields.object(node, path + ".endpoint");
        Map<String, Integer> ports = new TreeMap<>();
        JsonFields.fields(endpointNode, path + ".endpoint.ports").forEach((name, value) -> {
            if (!value.isInt() || value.intValue() < 1 || value.intValue() > 65535) {
                throw JsonFields.invalid(path + ".endpoint.ports." + name, "must be a port number (1 to 65535)");
            }
            ports.put(name, value.intValue());
        });
        Endpoint endpoint = new Endpoint(JsonFields.text(endpointNode, path + ".endpoint.host"), ports);
        JsonNode layoutNode = JsonFields.object(node, path + ".layout");
        MemberLayout layout = new MemberLayout(
                absolutePath(layoutNode, path + ".layout.root"),
                absolutePath(layoutNode, path + ".layout.data"),
                absolutePath(layoutNode, path + ".layout.config"),
                absolutePath(layoutNode, path + ".layout.run"),
                absolutePath(layoutNode, path + ".layout.log"));
        return new MemberContext(spec, identity, endpoint, layout, credentials(node, path + ".credentials"));
    }

    private static ClusterSpec spec(JsonNode node, String path) {
        try {
            return Serialization.json().treeToValue(node, ClusterSpec.class);
        } catch (UnrecognizedPropertyException e) {
            throw JsonFields.invalid(at(path, e), "unknown field");
        } catch (JsonMappingException e) {
            throw JsonFields.invalid(at(path, e), "cannot be read as part of a cluster spec");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw JsonFields.invalid(path, "cannot be read as a cluster spec");
        }
    }

    /** The path of the field Jackson stopped at, below {@code path}. */
    private static String at(String path, JsonMappingException e) {
        return path
                + e.getPath().stream()
                        .map(reference -> reference.getFieldName() != null
                                ? "." + reference.getFieldName()
                                : "[" + reference.getIndex() + "]")
                        .collect(Collectors.joining());
    }

    private static Path absolutePath(JsonNode parent, String path) {
        String text = JsonFields.text(parent, path);
        Path value = Path.of(text);
        if (!value.isAbsolute()) {
            throw JsonFields.invalid(path, "must be an absolute path");
        }
        return value;
    }

    private static Credentials credentials(JsonNode member, String path) {
        JsonNode node = JsonFields.object(member, path);
        Map<String, String> passwords = JsonFields.textMap(node, path + ".passwords");
        if (!JsonFields.has(node, path + ".tls")) {
            return new Credentials(passwords);
        }
        JsonNode tls = JsonFields.object(node, path + ".tls");
        try {
            return new Credentials(
                    passwords,
                    new ClusterTls(
                            JsonFields.text(tls, path + ".tls.authorityCertificate"),
                            new CertificateAndKey(
                                    JsonFields.text(tls, path + ".tls.serverCertificate"),
                                    JsonFields.text(tls, path + ".tls.serverPrivateKey"))));
        } catch (IllegalArgumentException e) {
            // CertificateAndKey's messages name what is wrong, never the key.
            throw JsonFields.invalid(path + ".tls", e.getMessage());
        }
    }

    private static java.util.Optional<String> password(Credentials credentials, String name) {
        try {
            return java.util.Optional.of(credentials.password(name));
        } catch (IllegalStateException e) {
            // Not every context carries every name (a context built for a connection only).
            return java.util.Optional.empty();
        }
    }
}
